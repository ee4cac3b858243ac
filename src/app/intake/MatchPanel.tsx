import { useMemo, useState } from 'preact/hooks';
import { weekdays, type Weekday } from '../../domain/common';
import { matchChildcare, type ChildcareNeed } from '../../domain/directory/match';
import type { RecordOf } from '../../domain/registry';
import { formatEntryDistance } from '../directory/EntryCard';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { proposeChildcare } from './propose';

type Request = RecordOf<'intakeRequest'>;

const SHOWN = 10;

/** Assistants maternels with a place for this family's child, best fit first; one tap records a proposal in the family file. */
export function MatchPanel({ request, onClose }: { request: Request; onClose: () => void }) {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const [startDate, setStartDate] = useState('');
  const [days, setDays] = useState<Weekday[]>(['mon', 'tue', 'thu', 'fri']);
  const [from, setFrom] = useState('08:30');
  const [to, setTo] = useState('17:30');
  const [maxKm, setMaxKm] = useState(15);
  const [message, setMessage] = useState<string>();
  const entries = useLiveQuery(() => db.records('directoryEntry').where('territoryId').equals(territoryId).filter((e) => !e.deleted).toArray(), [db, territoryId]);
  const commune = useLiveQuery(async () => (request.communeCode ? await db.records('commune').where('code').equals(request.communeCode).first() : undefined), [db, request.communeCode]);
  const family = useLiveQuery(async () => (request.familyId ? await db.records('family').get(request.familyId) : undefined), [db, request.familyId]);
  const childDate = request.childBirthDate ?? request.childExpectedDate;
  const id = `match-${request.id}`;

  const matches = useMemo(() => {
    if (!entries || !childDate || !startDate) return undefined;
    const need: ChildcareNeed = {
      childBirthDate: childDate,
      startDate,
      days,
      ...(from && to ? { hours: { from, to } } : {}),
      ...(commune ? { location: { lat: commune.lat, lon: commune.lon }, communeCode: commune.code, maxDistanceMetres: maxKm * 1000 } : {}),
    };
    const byId = new Map(entries.map((e) => [e.id, e]));
    return matchChildcare(entries, need, { limit: SHOWN }).flatMap((m) => (byId.has(m.id) ? [{ match: m, entry: byId.get(m.id)! }] : []));
  }, [entries, childDate, startDate, days, from, to, commune, maxKm]);
  const proposed = new Set((family?.childcareProposals ?? []).map((p) => p.directoryEntryId));

  async function propose(entry: RecordOf<'directoryEntry'>) {
    setMessage(undefined);
    try {
      await proposeChildcare(db, request, entry, startDate, session.user.id);
      setMessage(t('match.proposed', { name: entry.name }));
    } catch (err) {
      setMessage(describeSaveError(err).message);
    }
  }

  return (
    <div class="match" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('match.title')}</h3>
      {!childDate ? <p>{t('match.noChildDate')}</p> : null}
      <div class="form__row">
        <div class="field">
          <label for={`${id}-start`}>{t('match.startDate')}</label>
          <input id={`${id}-start`} type="date" value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-from`}>{t('match.from')}</label>
          <input id={`${id}-from`} type="time" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-to`}>{t('match.to')}</label>
          <input id={`${id}-to`} type="time" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </div>
        {commune ? (
          <div class="field">
            <label for={`${id}-km`}>{t('match.maxKm', { commune: commune.name })}</label>
            <select id={`${id}-km`} value={String(maxKm)} onChange={(e) => setMaxKm(Number(e.currentTarget.value))}>
              {[5, 10, 15, 25, 40].map((km) => (
                <option key={km} value={String(km)}>
                  {t('filters.distanceKm', { km })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <fieldset class="field days">
        <legend>{t('match.days')}</legend>
        {weekdays.map((d) => (
          <label key={d} class="check">
            <input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.currentTarget.checked ? weekdays.filter((x) => x === d || days.includes(x)) : days.filter((x) => x !== d))} />
            {t(`day.${d}`)}
          </label>
        ))}
      </fieldset>
      {message ? (
        <p class="card card--info" role="status">
          {message}
        </p>
      ) : null}
      {matches === undefined ? (
        childDate ? <p class="muted">{t('match.askStart')}</p> : null
      ) : matches.length === 0 ? (
        <p>{t('match.none')}</p>
      ) : (
        <ol class="match__list" data-testid="match-list">
          {matches.map(({ match, entry }) => (
            <li key={entry.id} class="match__item">
              <p class="match__name">
                <strong>{entry.name}</strong> — {t('match.fit', { percent: Math.round(match.fit * 100) })}
                {match.distanceMetres !== undefined ? <> · {formatEntryDistance(match.distanceMetres)}</> : null}
              </p>
              {match.reasons.length ? <p class="match__why">{match.reasons.join(' ; ')}</p> : null}
              {match.missing.length ? <p class="match__missing">{t('match.check', { list: match.missing.join(' ; ') })}</p> : null}
              {proposed.has(entry.id) ? (
                <p class="badge">{t('match.alreadyProposed')}</p>
              ) : (
                <button type="button" class="btn btn--small" onClick={() => void propose(entry)} aria-label={t('match.proposeLabel', { name: entry.name })}>
                  {t('match.propose')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <button type="button" class="btn btn--small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
