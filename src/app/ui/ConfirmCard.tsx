import { t } from '../i18n';

/** Asks once more before something that cannot be undone (an erasure, a purge): do it, or cancel. */
export function ConfirmCard({ id, text, confirm, onConfirm, onCancel }: { id: string; text: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div class="card card--warning" role="group" aria-labelledby={id}>
      <p id={id}>{text}</p>
      <div class="form__actions">
        <button type="button" class="btn btn--danger" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
