import { t } from '../i18n';

/** The end of every form: its error for the person, then save and cancel. */
export function FormFooter({ message, onCancel }: { message?: string | undefined; onCancel: () => void }) {
  return (
    <>
      {message ? (
        <p class="form-error" role="alert">
          {message}
        </p>
      ) : null}
      <div class="form__actions">
        <button type="submit" class="btn btn--primary">
          {t('common.save')}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}
