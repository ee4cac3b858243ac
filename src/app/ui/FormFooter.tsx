import { t } from '../i18n';
import { FormEnd } from './FormEnd';

/** The end of every form: its error for the person, then save and cancel. */
export function FormFooter({ message, onCancel }: { message?: string | undefined; onCancel: () => void }) {
  return (
    <FormEnd error={message}>
      <button type="submit" class="btn btn--primary">
        {t('common.save')}
      </button>
      <button type="button" class="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </FormEnd>
  );
}
