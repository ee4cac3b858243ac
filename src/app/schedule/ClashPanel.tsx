import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { toInstant, toZoned } from '../../domain/scheduling/zoned-time';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { SlotFields } from '../ui/SlotFields';
import { ChangeActions, ReasonField } from './ChangeFields';
import { cancelItem, moveItem, reassignItem } from './clash-fixes';
import { isFree, staffFree, type Clash, type Resource } from './clashes';
import { dayLabel, timeRange } from './format';
import { nextFreeSlot } from './free-slot';
import { slotProblem } from './occurrence-edit';
import type { AgendaItem } from './planning-items';

type Staff = RecordOf<'staffUser'>;

export interface Names {
  site: (id: string | undefined) => string;
  staff: (id: string) => string;
}

/** A clash found on this device, or an appointment the server set aside (the other one is kept). */
export type ShownClash = { source: 'local'; clash: Clash } | { source: 'server'; item: AgendaItem; kept?: AgendaItem | undefined };

export function describeItem(item: AgendaItem, names: Names): string {
  const what = item.type === 'session' ? t(`sessionKind.${item.session.kind}`) : t(`schedule.appointmentKind.${item.appointment.kind}`);
  const day = dayLabel(toZoned(item.start, item.timeZone).localDate);
  const site = names.site(item.siteId);
  return t(site ? 'schedule.clash.itemAt' : 'schedule.clash.item', { what, site, day, time: timeRange(item.start, item.end, item.timeZone) });
}

function resourceSentence(r: Resource, names: Names): string {
  if (r.kind === 'staff') return t('schedule.clash.staff', { name: names.staff(r.id) });
  if (r.kind === 'site') return t('schedule.clash.site', { site: names.site(r.id) });
  return r.id ? t('schedule.clash.bus', { bus: r.id }) : t('schedule.clash.theBus');
}

/**
 * Double bookings of the period and those the server flagged, each explained in plain French
 * with its fixes in place. A fix is an ordinary offline edit; the warning goes once it is made.
 */
export function ClashPanel({ shown, items, staff, names }: { shown: readonly ShownClash[]; items: readonly AgendaItem[]; staff: readonly Staff[]; names: Names }) {
  if (shown.length === 0) return null;
  return (
    <section class="card card--warning clashes" aria-labelledby="clashes-title" data-testid="clashes">
      <h2 id="clashes-title">{t('schedule.clash.title', { count: shown.length })}</h2>
      <ul class="clashes__list">
        {shown.map((c) =>
          c.source === 'local' ? (
            <li key={c.clash.id} class="clash">
              {c.clash.resources.map((r) => (
                <p key={`${r.kind}:${r.id}`} class="clash__why">
                  {resourceSentence(r, names)}
                </p>
              ))}
              <p>{t('schedule.clash.overlap', { a: describeItem(c.clash.a, names), b: describeItem(c.clash.b, names) })}</p>
              <p class="field__hint">{t('schedule.clash.howTo')}</p>
              {[c.clash.a, c.clash.b].map((item) => (
                <ClashFix key={item.key} item={item} staffId={c.clash.resources.find((r) => r.kind === 'staff')?.id} items={items} staff={staff} names={names} />
              ))}
            </li>
          ) : (
            <li key={`server:${c.item.key}`} class="clash">
              <p class="clash__why">{t('schedule.clash.server', { name: c.item.staffIds[0] ? names.staff(c.item.staffIds[0]) : t('schedule.clash.someone') })}</p>
              <p>
                {c.kept
                  ? t('schedule.clash.serverKept', { kept: describeItem(c.kept, names), moved: describeItem(c.item, names) })
                  : t('schedule.clash.serverMoved', { moved: describeItem(c.item, names) })}
              </p>
              <ClashFix item={c.item} staffId={c.item.staffIds[0]} items={items} staff={staff} names={names} />
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

type Action = 'move' | 'reassign' | 'cancel';

function ClashFix({ item, staffId, items, staff, names }: { item: AgendaItem; staffId: string | undefined; items: readonly AgendaItem[]; staff: readonly Staff[]; names: Names }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [action, setAction] = useState<Action>();
  const [slot, setSlot] = useState({ date: '', start: '', end: '' });
  const [proposal, setProposal] = useState<string>();
  const [reason, setReason] = useState('');
  const [other, setOther] = useState('');
  const [error, setError] = useState<string>();
  const label = describeItem(item, names);
  const id = `fix-${item.key.replace(/[^a-z0-9-]/gi, '-')}`;
  // People free at that time, other than the one booked twice.
  const free = staff.filter((s) => s.id !== staffId && !item.staffIds.includes(s.id) && staffFree(s.id, item, items));

  function open(next: Action) {
    setError(undefined);
    setReason('');
    if (next === 'move') {
      const found = nextFreeSlot(item, items, Date.now());
      const local = toZoned(item.start, item.timeZone);
      setSlot({ date: found?.date ?? local.localDate, start: found?.from ?? local.localTime, end: found?.to ?? toZoned(item.end, item.timeZone).localTime });
      setProposal(found ? t('schedule.clash.proposed', { day: dayLabel(found.date), time: timeRange(found.start, found.end, item.timeZone) }) : t('schedule.clash.noProposal'));
    }
    if (next === 'reassign') setOther(free[0]?.id ?? '');
    setAction(next);
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      if (action === 'reassign') {
        if (!staffId || !other) return setError(t('schedule.clash.chooseStaff'));
        await reassignItem(db, territoryId, item, staffId, other);
      } else {
        if (reason.trim() === '') return setError(t('schedule.reasonRequired'));
        if (action === 'cancel') await cancelItem(db, territoryId, item, reason.trim());
        else {
          const { date, start, end } = slot;
          const problem = slotProblem(slot);
          if (problem) return setError(problem);
          if (!isFree(item, toInstant(date, start, item.timeZone), toInstant(date, end, item.timeZone), items)) return setError(t('schedule.clash.taken'));
          await moveItem(db, territoryId, item, date, start, end, reason.trim());
        }
      }
      setAction(undefined);
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  return (
    <div class="clash__side">
      <p class="clash__item">{label}</p>
      {!action ? (
        <p class="entry__actions">
          <button type="button" class="btn btn--small btn--primary" onClick={() => open('move')}>
            {t('schedule.clash.move')}
            <span class="sr-only"> {label}</span>
          </button>
          {staffId ? (
            <button type="button" class="btn btn--small" onClick={() => open('reassign')}>
              {t('schedule.clash.reassign')}
              <span class="sr-only"> {label}</span>
            </button>
          ) : null}
          <button type="button" class="btn btn--small btn--danger" onClick={() => open('cancel')}>
            {t('schedule.clash.cancel')}
            <span class="sr-only"> {label}</span>
          </button>
        </p>
      ) : (
        <form class="form" onSubmit={(e) => void submit(e)} aria-label={t(`schedule.clash.${action}Title`, { what: label })} noValidate>
          {action === 'move' ? (
            <>
              <p role="status">{proposal}</p>
              <div class="form__row">
                <SlotFields id={id} value={slot} onChange={setSlot} suffixes={{ start: 'from', end: 'to' }} />
              </div>
            </>
          ) : null}
          {action === 'reassign' ? (
            free.length ? (
              <div class="field">
                <label for={`${id}-staff`}>{t('schedule.clash.to')}</label>
                <select id={`${id}-staff`} value={other} onChange={(e) => setOther(e.currentTarget.value)}>
                  {free.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <p>{t('schedule.clash.nobodyFree')}</p>
            )
          ) : (
            <ReasonField id={id} value={reason} onChange={setReason} />
          )}
          <ChangeActions error={error} confirm={action !== 'reassign' || free.length ? t(`schedule.clash.${action}Confirm`) : undefined} onClose={() => setAction(undefined)} />
        </form>
      )}
    </div>
  );
}
