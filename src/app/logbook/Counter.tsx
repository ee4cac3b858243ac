import { t } from '../i18n';

/** A number set with large − and + buttons, or typed: children present, families without a file. */
export function Counter({ id, label, value, onChange, max = 500 }: { id: string; label: string; value: number; onChange: (n: number) => void; max?: number }) {
  const set = (n: number) => onChange(Math.min(max, Math.max(0, Math.round(n))));
  return (
    <div class="field counter">
      <label for={id}>{label}</label>
      <div class="counter__row">
        <button type="button" class="btn counter__btn" onClick={() => set(value - 1)} disabled={value <= 0}>
          <span aria-hidden="true">−</span>
          <span class="sr-only">{t('log.less', { what: label })}</span>
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          onInput={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isFinite(n)) set(n);
          }}
        />
        <button type="button" class="btn counter__btn" onClick={() => set(value + 1)} disabled={value >= max}>
          <span aria-hidden="true">+</span>
          <span class="sr-only">{t('log.more', { what: label })}</span>
        </button>
      </div>
    </div>
  );
}
