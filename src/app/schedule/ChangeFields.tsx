import { t } from '../i18n';
import { FormEnd } from '../ui/FormEnd';

/** Why a planned item is moved or cancelled: required, kept with the change. */
export function ReasonField({ id, value, onChange }: { id: string; value: string; onChange: (reason: string) => void }) {
  return (
    <div class="field">
      <label for={`${id}-reason`}>{t('schedule.reason')}</label>
      <input id={`${id}-reason`} value={value} onInput={(e) => onChange(e.currentTarget.value)} maxLength={500} />
      <p class="field__hint">{t('schedule.reasonHint')}</p>
    </div>
  );
}

/** The end of a move or cancel form: what is wrong, then confirm (where there is something to confirm) and close. */
export function ChangeActions({ error, confirm, onClose }: { error: string | undefined; confirm: string | undefined; onClose: () => void }) {
  return (
    <FormEnd error={error}>
      {confirm ? (
        <button type="submit" class="btn btn--primary">
          {confirm}
        </button>
      ) : null}
      <button type="button" class="btn" onClick={onClose}>
        {t('common.close')}
      </button>
    </FormEnd>
  );
}
