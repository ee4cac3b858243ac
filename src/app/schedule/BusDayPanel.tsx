import { useState } from 'preact/hooks';
import { busAgeCheck, presentChildren } from '../../domain/reports/psu-hours';
import type { SessionView } from '../../domain/scheduling/occurrences';
import { toZoned } from '../../domain/scheduling/zoned-time';
import { createRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { sessionRecord } from './occurrence-edit';

/**
 * A Baby Bus day on the tablet: the children enrolled at this site, arrival and departure in one
 * tap each, and the count against the places. Each tap is an append-only event: two tablets
 * checking children in offline merge without conflict.
 */
export function BusDayPanel({ s, onClose }: { s: SessionView; onClose: () => void }) {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const [error, setError] = useState<string>();
  const date = toZoned(s.start, s.timeZone).localDate;
  const enrolled = useLiveQuery(async () => {
    const list = (await db.records('busEnrollment').where('siteId').equals(s.siteId).toArray()).filter((e) => !e.deleted && e.from <= date && date <= e.to);
    const families = await db.records('family').bulkGet([...new Set(list.map((e) => e.familyId))]);
    const children = new Map(families.flatMap((f) => (f && !f.deleted ? f.children.map((c) => [c.id, c] as const) : [])));
    return list
      .map((e) => ({ enrollment: e, child: children.get(e.childId) }))
      .sort((a, b) => (a.child?.firstName ?? '').localeCompare(b.child?.firstName ?? '', 'fr'));
  }, [db, s.siteId, date]);
  const events = useLiveQuery(async () => (s.record ? await db.records('attendanceEvent').where('sessionId').equals(s.record.id).toArray() : []), [db, s.record?.id]) ?? [];
  const now = new Date().toISOString();
  const present = new Set(presentChildren(events, now));
  const capacity = s.capacity ?? 12;

  async function tap(childId: string, familyId: string, type: 'check_in' | 'check_out') {
    setError(undefined);
    try {
      const record = await sessionRecord(db, territoryId, s);
      await createRecord(db, 'attendanceEvent', territoryId, { sessionId: record.id, childId, familyId, type, at: new Date().toISOString(), recordedBy: session.user.id });
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  return (
    <div class="busday" role="group" aria-labelledby={`busday-${s.key}`}>
      <h3 id={`busday-${s.key}`}>{t('busday.title')}</h3>
      <p class={present.size >= capacity ? 'card card--warning' : 'card card--info'} role="status" data-testid="busday-count">
        {t('busday.count', { present: present.size, capacity })}
        {present.size >= capacity ? ` ${t('busday.full')}` : ''}
      </p>
      {enrolled === undefined ? null : enrolled.length === 0 ? <p>{t('busday.noChild')}</p> : null}
      <ul class="busday__children">
        {(enrolled ?? []).map(({ enrollment, child }) => {
          const name = child?.firstName || t('busday.child');
          const here = present.has(enrollment.childId);
          const age = busAgeCheck(child?.birthDate, date);
          return (
            <li key={enrollment.id} class="busday__child">
              <span class="busday__name">
                {name}
                {here ? <span class="badge">{t('busday.here')}</span> : null}
                {age === 'too_young' || age === 'too_old' ? <span class="badge badge--alert">{t(`busday.${age}`)}</span> : null}
              </span>
              <button
                type="button"
                class={here ? 'btn btn--small' : 'btn btn--small btn--primary'}
                disabled={!here && present.size >= capacity}
                onClick={() => void tap(enrollment.childId, enrollment.familyId, here ? 'check_out' : 'check_in')}
              >
                {here ? t('busday.checkOut') : t('busday.checkIn')}
                <span class="sr-only"> {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" class="btn btn--small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
