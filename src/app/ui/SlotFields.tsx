import { t } from '../i18n';

/** A day and times as typed: `YYYY-MM-DD` and `HH:MM`, in the place's own time zone. */
export interface SlotTimes {
  date: string;
  start: string;
  /** Left out where the length is chosen apart (an appointment's minutes): no end field then. */
  end?: string;
}

interface SlotFieldsProps<S extends SlotTimes> {
  /** Prefix of the inputs' ids. */
  id: string;
  value: S;
  /** The whole value again, with the field just typed changed. */
  onChange: (next: S) => void;
  /** Id endings of the time inputs where a form has its own (`start` and `end` otherwise). */
  suffixes?: { start?: string; end?: string };
  /** Labels where the slot is not a move (`Nouvelle date`, `De`, `À` otherwise). */
  labels?: { date?: string; start?: string; end?: string };
}

/**
 * The date and time fields of moving or booking a slot, to sit in a `form__row` with any other
 * field of the same line. They pass on what is typed; the form says what is wrong on submit.
 */
export function SlotFields<S extends SlotTimes>({ id, value, onChange, suffixes, labels }: SlotFieldsProps<S>) {
  const text = { date: t('schedule.newDate'), start: t('match.from'), end: t('match.to'), ...labels };
  const startId = `${id}-${suffixes?.start ?? 'start'}`;
  const endId = `${id}-${suffixes?.end ?? 'end'}`;
  return (
    <>
      <div class="field">
        <label for={`${id}-date`}>{text.date}</label>
        <input id={`${id}-date`} type="date" value={value.date} onInput={(e) => onChange({ ...value, date: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for={startId}>{text.start}</label>
        <input id={startId} type="time" value={value.start} onInput={(e) => onChange({ ...value, start: e.currentTarget.value })} />
      </div>
      {value.end === undefined ? null : (
        <div class="field">
          <label for={endId}>{text.end}</label>
          <input id={endId} type="time" value={value.end} onInput={(e) => onChange({ ...value, end: e.currentTarget.value })} />
        </div>
      )}
    </>
  );
}
