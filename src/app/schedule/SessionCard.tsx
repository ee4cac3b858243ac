import { useState } from 'preact/hooks';
import { occurrenceKey, type SessionView } from '../../domain/scheduling/occurrences';
import { toZoned } from '../../domain/scheduling/zoned-time';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { SlotFields } from '../ui/SlotFields';
import { BusDayPanel } from './BusDayPanel';
import { ChangeActions, ReasonField } from './ChangeFields';
import { clock } from './format';
import { cancelSession, moveSession, slotProblem } from './occurrence-edit';

export type Editing = { key: string; action: 'cancel' | 'move' | 'busday' } | undefined;

/** One session on the planning: time, place, staff, and cancel, move or open the bus day. */
export function SessionCard({ s, site, staff, editing, setEditing, clashing = false }: { s: SessionView; site: string; staff: string[]; editing: Editing; setEditing: (e: Editing) => void; clashing?: boolean }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const local = toZoned(s.start, s.timeZone);
  const [reason, setReason] = useState('');
  const [slot, setSlot] = useState({ date: local.localDate, start: clock(s.start, s.timeZone), end: clock(s.end, s.timeZone) });
  const [error, setError] = useState<string>();
  // A series date that becomes a record (first tap of a bus day) keeps its panel open.
  const seriesKey = s.series && s.occurrenceDate ? occurrenceKey(s.series.id, s.occurrenceDate) : undefined;
  const open = editing && (editing.key === s.key || editing.key === seriesKey) ? editing.action : undefined;
  const id = `session-${s.key.replace(/[^a-z0-9-]/gi, '-')}`;
  const label = `${t(`sessionKind.${s.kind}`)} ${site} ${clock(s.start, s.timeZone)}`;

  async function submit(e: Event) {
    e.preventDefault();
    if (reason.trim() === '') return setError(t('schedule.reasonRequired'));
    if (open === 'move') {
      const problem = slotProblem(slot);
      if (problem) return setError(problem);
    }
    try {
      if (open === 'cancel') await cancelSession(db, territoryId, s, reason.trim());
      else await moveSession(db, territoryId, s, slot.date, slot.start, slot.end, reason.trim());
      setEditing(undefined);
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  return (
    <li class={s.status === 'cancelled' ? 'card visit visit--cancelled' : 'card visit'}>
      <p class="visit__when">
        {clock(s.start, s.timeZone)} – {clock(s.end, s.timeZone)} · {t(`sessionKind.${s.kind}`)}
        {s.series ? <span class="badge">{t('schedule.recurring')}</span> : null}
        {clashing ? <span class="badge badge--alert">{t('schedule.clash.badge')}</span> : null}
      </p>
      <p class="visit__where">{site}</p>
      {staff.length ? <p class="muted">{staff.join(', ')}</p> : null}
      {s.status === 'cancelled' ? <p class="visit__cancelled">{t('schedule.cancelled', { reason: s.record?.cancelReason ?? '' })}</p> : s.record?.cancelReason ? <p class="muted">{t('schedule.movedReason', { reason: s.record.cancelReason })}</p> : null}
      {s.record?.status === 'to_reschedule' ? <p class="badge">{t('schedule.toReschedule')}</p> : null}
      {s.status !== 'cancelled' && !open ? (
        <p class="entry__actions">
          {s.kind === 'bus_day' ? (
            <button type="button" class="btn btn--small btn--primary" onClick={() => setEditing({ key: s.key, action: 'busday' })}>
              {t('busday.open')}
              <span class="sr-only"> {label}</span>
            </button>
          ) : null}
          <button type="button" class="btn btn--small" onClick={() => setEditing({ key: s.key, action: 'move' })}>
            {t('schedule.move')}
            <span class="sr-only"> {label}</span>
          </button>
          <button type="button" class="btn btn--small btn--danger" onClick={() => setEditing({ key: s.key, action: 'cancel' })}>
            {t('schedule.cancel')}
            <span class="sr-only"> {label}</span>
          </button>
        </p>
      ) : null}
      {open === 'busday' ? <BusDayPanel s={s} onClose={() => setEditing(undefined)} /> : null}
      {open && open !== 'busday' ? (
        <form class="form" onSubmit={(e) => void submit(e)} aria-label={open === 'cancel' ? t('schedule.cancelTitle', { what: label }) : t('schedule.moveTitle', { what: label })} noValidate>
          {open === 'move' ? (
            <div class="form__row">
              <SlotFields id={id} value={slot} onChange={setSlot} />
            </div>
          ) : null}
          <ReasonField id={id} value={reason} onChange={setReason} />
          <ChangeActions error={error} confirm={open === 'cancel' ? t('schedule.confirmCancel') : t('schedule.confirmMove')} onClose={() => setEditing(undefined)} />
        </form>
      ) : null}
    </li>
  );
}
