import type { ComponentChildren } from 'preact';

/** The end of a form with its own buttons: what is wrong, what was done, then the buttons. */
export function FormEnd({ error, done, children }: { error: string | undefined; done?: string | undefined; children: ComponentChildren }) {
  return (
    <>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p class="card card--success" role="status">
          {done}
        </p>
      ) : null}
      <div class="form__actions">{children}</div>
    </>
  );
}
