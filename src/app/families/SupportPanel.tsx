import { useState } from 'preact/hooks';
import { supportOrientations } from '../../domain/entities/support-note';
import { SUPPORT_SESSIONS_PER_YEAR, supportAllowance, supportSessionsInYear } from '../../domain/families/support';
import type { RecordOf } from '../../domain/registry';
import { createRecord } from '../db/repository';
import { formatDate, t } from '../i18n';
import { useServices, useSession } from '../services';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { orientationLabel } from './labels';

const MAX_NOTE = 10000;
const durations = [30, 45, 60, 90];

/**
 * CAF individual parenting support: the year's sessions against the 5 of the offer, and the
 * confidential notes this device may read (the server sends them to their author and to the
 * family's referent only).
 */
export function SupportPanel({ family, notes, staffName }: { family: RecordOf<'family'>; notes: RecordOf<'supportNote'>[]; staffName: (id: string) => string }) {
  const { db } = useServices();
  const { session } = useSession();
  const year = new Date().getFullYear();
  const count = supportSessionsInYear(notes, year);
  const allowance = supportAllowance(count);
  const [adding, setAdding] = useState(false);
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [duration, setDuration] = useState(60);
  const [note, setNote] = useState('');
  const [orientations, setOrientations] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const { message, run, fail, clear } = useSaveMessage();

  async function save(e: Event) {
    e.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail(t('support.dateRequired'));
    if (note.length > MAX_NOTE) return fail(t('support.noteTooLong', { max: MAX_NOTE }));
    const all = [...orientations, ...(other.trim() ? [other.trim().slice(0, 200)] : [])];
    await run(async () => {
      await createRecord(db, 'supportNote', family.territoryId, {
        familyId: family.id,
        authorId: session.user.id,
        date,
        durationMinutes: duration,
        note,
        ...(all.length > 0 ? { orientations: all } : {}),
      });
      setAdding(false);
      setNote('');
      setOrientations([]);
      setOther('');
    }, t('support.saved'));
  }

  return (
    <section aria-labelledby="family-support">
      <h2 id="family-support">{t('support.title')}</h2>
      <p data-testid="support-count">{t('support.count', { count, year: String(year), max: SUPPORT_SESSIONS_PER_YEAR })}</p>
      {allowance ? (
        <p class={allowance === 'over' ? 'card card--warning' : 'card card--info'} role="status">
          {t(allowance === 'over' ? 'support.over' : 'support.full', { max: SUPPORT_SESSIONS_PER_YEAR })}
        </p>
      ) : null}
      <p class="muted">{t('support.confidential')}</p>
      <ul class="family__list">
        {notes.map((n) => (
          <li key={n.id}>
            <p>
              {formatDate(n.date)} · {t('support.minutes', { minutes: n.durationMinutes })} · {staffName(n.authorId)}
            </p>
            {n.note ? (
              <p class="family__notes" dir="auto">
                {n.note}
              </p>
            ) : null}
            {n.orientations?.length ? <p>{t('family.orientedTo', { to: n.orientations.map(orientationLabel).join(', ') })}</p> : null}
          </li>
        ))}
      </ul>
      {adding ? (
        <form class="form" onSubmit={(e) => void save(e)}>
          <div class="form__row">
            <div class="field">
              <label for="support-date">{t('support.date')}</label>
              <input id="support-date" type="date" value={date} required onInput={(e) => setDate(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="support-duration">{t('support.duration')}</label>
              <select id="support-duration" value={String(duration)} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
                {durations.map((d) => (
                  <option key={d} value={String(d)}>
                    {t('support.minutes', { minutes: d })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="field">
            <label for="support-note">{t('support.note')}</label>
            <textarea id="support-note" rows={5} value={note} onInput={(e) => setNote(e.currentTarget.value)} aria-describedby="support-note-hint" />
            <p id="support-note-hint" class="field__hint">
              {t('support.noteHint')}
            </p>
          </div>
          <fieldset class="field days">
            <legend>{t('support.orientations')}</legend>
            {supportOrientations.map((o) => (
              <label key={o} class="check">
                <input type="checkbox" checked={orientations.includes(o)} onChange={(e) => setOrientations(e.currentTarget.checked ? [...orientations, o] : orientations.filter((x) => x !== o))} />
                {orientationLabel(o)}
              </label>
            ))}
            <div class="field">
              <label for="support-other">{t('support.otherOrientation')}</label>
              <input id="support-other" value={other} maxLength={200} onInput={(e) => setOther(e.currentTarget.value)} />
            </div>
          </fieldset>
          <div class="form__actions">
            <button type="submit" class="btn btn--primary">
              {t('support.save')}
            </button>
            <button type="button" class="btn" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="btn btn--small" onClick={() => { setAdding(true); clear(); }}>
          {t('support.add')}
        </button>
      )}
      <SaveMessageLine message={message} />
    </section>
  );
}
