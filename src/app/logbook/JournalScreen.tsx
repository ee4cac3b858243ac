import { useMemo, useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { occurrenceKey, sessionsBetween, type SessionView } from '../../domain/scheduling/occurrences';
import { addDays, toInstantMs, toZoned } from '../../domain/scheduling/zoned-time';
import { formatDate, t, type MessageKey } from '../i18n';
import { sessionRecord } from '../schedule/occurrence-edit';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { LogForm } from './LogForm';
import { logSummary, orientationLabel, questionLabel } from './log-summary';
import { SurveyPanel } from './SurveyPanel';

/** Days shown back from the chosen one: a week is what a team catches up on after a tour. */
const DAYS = 7;

function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));
}

type Open = { key: string; action: 'log' } | { key: string; action: 'survey'; sessionId: string; title: string } | undefined;

/**
 * The logbook: one's sessions of the chosen day and the days before, each with what was logged,
 * "Consigner" to log it, and the satisfaction survey to hand the tablet to a parent.
 */
export function JournalScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const territory = useLiveQuery(() => db.records('territory').get(territoryId), [db, territoryId]);
  const zone = territory?.timeZone ?? 'Europe/Paris';
  const today = toZoned(Date.now(), zone).localDate;
  const [chosen, setChosen] = useState<string>();
  const day = chosen ?? today;
  const [team, setTeam] = useState(false);
  const [open, setOpen] = useState<Open>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const from = new Date(toInstantMs(addDays(day, -(DAYS - 1)), '00:00', zone)).toISOString();
  const to = new Date(toInstantMs(addDays(day, 1), '00:00', zone)).toISOString();

  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const staff = useLiveQuery(() => db.records('staffUser').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteName = useMemo(() => new Map(sites.map((s) => [s.id, s.name])), [sites]);
  const staffName = useMemo(() => new Map(staff.map((s) => [s.id, s.name])), [staff]);
  const sessions = useLiveQuery(async () => {
    const [series, records] = await Promise.all([
      db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
      db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
    ]);
    return sessionsBetween(series, records, from, to);
  }, [db, territoryId, from, to]);
  const shown = (sessions ?? []).filter((s) => team || s.staffIds.includes(session.user.id));
  const recordIds = shown.flatMap((s) => (s.record ? [s.record.id] : []));
  const idsKey = recordIds.join(',');
  const attached = useLiveQuery(async () => {
    const [logs, answers] = await Promise.all([
      db.records('sessionLog').where('sessionId').anyOf(recordIds).toArray(),
      db.records('surveyResponse').where('sessionId').anyOf(recordIds).toArray(),
    ]);
    return { logs: logs.filter((l) => !l.deleted), answers: answers.filter((a) => !a.deleted) };
  }, [db, idsKey]);
  const logsOf = (id: string | undefined) => (id ? (attached?.logs ?? []).filter((l) => l.sessionId === id).sort((a, b) => a.loggedAt.localeCompare(b.loggedAt)) : []);
  const answersOf = (id: string | undefined) => (id ? (attached?.answers ?? []).filter((a) => a.sessionId === id).length : 0);
  const days = Array.from({ length: DAYS }, (_, i) => addDays(day, -i));

  async function startSurvey(s: SessionView, title: string) {
    setError(undefined);
    try {
      // Answers need the session's id: a series date becomes a record first.
      const record = await sessionRecord(db, territoryId, s);
      setOpen({ key: record.id, action: 'survey', sessionId: record.id, title });
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  if (open?.action === 'survey') {
    // The tablet is in a parent's hands: only the survey is on screen.
    return <SurveyPanel sessionId={open.sessionId} title={open.title} onClose={() => setOpen(undefined)} />;
  }

  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title">{t('log.title')}</h1>
      <div class="journal__controls">
        <div class="field field--inline">
          <label for="journal-day">{t('log.day')}</label>
          <input id="journal-day" type="date" value={day} max={addDays(today, 366)} onInput={(e) => e.currentTarget.value && setChosen(e.currentTarget.value)} />
        </div>
        {chosen && chosen !== today ? (
          <button type="button" class="btn btn--small" onClick={() => setChosen(undefined)}>
            {t('log.today')}
          </button>
        ) : null}
        <label class="check">
          <input type="checkbox" checked={team} onChange={(e) => setTeam(e.currentTarget.checked)} />
          {t('log.teamSessions')}
        </label>
      </div>
      <p class="muted">{t('log.range', { from: formatDate(days[DAYS - 1]!), to: formatDate(day) })}</p>
      <div role="status" class="journal__status">
        {status ? <p class="card card--success">{status}</p> : null}
      </div>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {sessions !== undefined && shown.length === 0 ? <p>{t('log.noSession')}</p> : null}
      {days.map((d) => {
        const list = shown.filter((s) => toZoned(s.start, s.timeZone).localDate === d);
        if (list.length === 0) return null;
        return (
          <div key={d} class="visits-day">
            <h2 class="visits-day__title">{formatDate(d)}</h2>
            <ul class="cards cards--wide" data-testid={`journal-${d}`}>
              {list.map((s) => {
                const title = `${t(`sessionKind.${s.kind}` as MessageKey)} · ${siteName.get(s.siteId) ?? ''} · ${clock(s.start, s.timeZone)}`;
                const logs = logsOf(s.record?.id);
                const mine = [...logs].reverse().find((l) => l.authorId === session.user.id);
                const seriesKey = s.series && s.occurrenceDate ? occurrenceKey(s.series.id, s.occurrenceDate) : undefined;
                const logging = open?.action === 'log' && (open.key === s.key || open.key === seriesKey);
                const answers = answersOf(s.record?.id);
                return (
                  <li key={s.key} class={s.status === 'cancelled' ? 'card visit visit--cancelled' : 'card visit'}>
                    <h3 class="visit__when">
                      {clock(s.start, s.timeZone)} – {clock(s.end, s.timeZone)} · {t(`sessionKind.${s.kind}` as MessageKey)}
                    </h3>
                    <p class="visit__where">{siteName.get(s.siteId) ?? ''}</p>
                    {s.status === 'cancelled' ? <p class="visit__cancelled">{t('log.cancelled')}</p> : null}
                    <LogList logs={logs} staffName={staffName} zone={s.timeZone} />
                    {answers > 0 ? <p class="muted">{t('log.survey.answered', { count: answers })}</p> : null}
                    {s.status !== 'cancelled' && !logging ? (
                      <p class="entry__actions">
                        <button type="button" class="btn btn--small btn--primary" onClick={() => {
                            setStatus(undefined);
                            setOpen({ key: s.key, action: 'log' });
                          }}>
                          {mine ? t('log.correct') : t('log.open')}
                          <span class="sr-only"> {title}</span>
                        </button>
                        <button type="button" class="btn btn--small" onClick={() => void startSurvey(s, title)}>
                          {t('log.survey.open')}
                          <span class="sr-only"> {title}</span>
                        </button>
                      </p>
                    ) : null}
                    {logging ? (
                      <LogForm
                        s={s}
                        title={title}
                        previous={mine}
                        onDone={(saved) => {
                          setOpen(undefined);
                          if (saved) setStatus(t('log.saved', { what: title }));
                        }}
                      />
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** The logs already kept for a session, oldest first; a later log of the same author replaces the earlier. */
function LogList({ logs, staffName, zone }: { logs: RecordOf<'sessionLog'>[]; staffName: Map<string, string>; zone: string }) {
  if (logs.length === 0) return <p class="muted">{t('log.none')}</p>;
  const latest = new Map(logs.map((l) => [l.authorId, l.id]));
  return (
    <ul class="loglist" aria-label={t('log.listLabel')}>
      {logs.map((l) => {
        const replaced = latest.get(l.authorId) !== l.id;
        return (
          <li key={l.id} class={replaced ? 'loglist__item loglist__item--old' : 'loglist__item'}>
            <p class="loglist__head">
              {t('log.by', { who: staffName.get(l.authorId) ?? t('log.someone'), time: clock(l.loggedAt, zone) })}
              {replaced ? <span class="badge">{t('log.replaced')}</span> : null}
            </p>
            <p class="loglist__summary">{logSummary(l)}</p>
            {l.contacts.some((c) => c.questionType || c.orientation) ? (
              <ul class="loglist__contacts">
                {l.contacts.map((c, i) =>
                  c.questionType || c.orientation ? (
                    <li key={i}>
                      {t(`log.kind.${c.personKind}` as MessageKey)}
                      {c.questionType ? ` : ${questionLabel(c.questionType)}` : ''}
                      {c.orientation ? ` → ${orientationLabel(c.orientation)}` : ''}
                    </li>
                  ) : null,
                )}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
