import type { ComponentChildren, InputHTMLAttributes } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  children: (props: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string; required?: boolean }) => ComponentChildren;
}

/** A labelled form field whose error and hint are announced with the input. */
export function Field({ id, label, error, hint, required, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({
        id,
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(required ? { required: true } : {}),
      })}
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface InputFieldProps extends Omit<FieldProps, 'children'> {
  type: 'text' | 'email' | 'password';
  autocomplete?: string;
  value: string;
  onValue: (value: string) => void;
}

/** A Field holding one text input, as the sign-in and PIN forms have it. */
export function InputField({ type, autocomplete, value, onValue, ...field }: InputFieldProps) {
  // preact types an input's other attributes by its type, one type at a time; each of these is valid.
  const typed = { type } as InputHTMLAttributes<HTMLInputElement>;
  return <Field {...field}>{(p) => <input {...p} {...typed} autocomplete={autocomplete} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}</Field>;
}
