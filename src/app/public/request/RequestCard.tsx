import { useMemo, useState } from 'preact/hooks';
import { intakeStatuses } from '../../../domain/entities/intake-request';
import { nextStep, type PublicAppointment } from '../../../domain/public/request';
import { toICalendar } from '../../../domain/scheduling/ics';
import { upcomingDays } from '../../../domain/scheduling/reminders';
import { downloadFile } from '../../directory/transfer/download';
import { formatDateTime, t } from '../../i18n';
import { useServices } from '../../services';
import { CopyButton } from '../../ui/CopyButton';
import { useLiveQuery } from '../../ui/use-live-query';
import { privateLink, updateKept, type KeptRequest } from './kept-requests';
import { queueAppointment } from './send';
import { SlotPicker, slotAsk, type AskKind } from './SlotPicker';
import { slotLabel } from './slot-label';
import { REQUEST_QUEUED } from './use-request-sync';

function appointmentFile(a: PublicAppointment, code: string): string {
  const where = [a.siteName, a.address].filter(Boolean).join(', ');
  return toICalendar(
    [
      {
        kind: 'single',
        id: a.id,
        start: a.start,
        end: a.end,
        timeZone: a.timeZone,
        summary: t('request.calendar.summary', { kind: t(`request.appointmentKind.${a.kind}`) }),
        description: t('request.calendar.description', { code }),
        ...(where ? { location: where } : {}),
        status: a.status === 'confirmed' ? 'confirmed' : 'tentative',
      },
    ],
    { calendarName: t('request.calendar.name') },
  );
}

/** Asking a slot after sending: queued on the phone like the request itself. */
function AskSlot({ kept, territoryId, onDone }: { kept: KeptRequest; territoryId: string; onDone: () => void }) {
  const { publicDb: db } = useServices();
  const [kind, setKind] = useState<AskKind>('permanence');
  const [slotKey, setSlotKey] = useState('');
  const [error, setError] = useState<string>();
  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);

  async function submit(e: Event) {
    e.preventDefault();
    const ask = await slotAsk(db, territoryId, slotKey, kind, siteById);
    if (!ask) {
      setError(t('request.error.slot'));
      return;
    }
    await queueAppointment(db, kept, ask);
    window.dispatchEvent(new Event(REQUEST_QUEUED));
    onDone();
  }

  return (
    <form class="form" onSubmit={(e) => void submit(e)} aria-label={t('request.ask.title')}>
      <SlotPicker territoryId={territoryId} kind={kind} slotKey={slotKey} error={error} siteById={siteById} onKind={setKind} onSlot={setSlotKey} />
      <div class="form__actions">
        <button type="submit" class="btn btn--primary">
          {t('request.ask.send')}
        </button>
        <button type="button" class="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One request as its family follows it: where it stands, what comes next, the appointments. */
export function RequestCard({ kept, territoryId, fresh }: { kept: KeptRequest; territoryId: string | undefined; fresh: boolean }) {
  const { publicDb: db } = useServices();
  const [asking, setAsking] = useState(false);
  const status = kept.status;
  const link = privateLink(window.location.origin, kept);
  const step = status ? nextStep(status, new Date()) : undefined;
  const current = status?.status ?? 'received';
  const appointments = status?.appointments ?? [];
  const waitingAsks = kept.asks ?? [];
  // A settled appointment today or tomorrow, at the place's own date, is said first.
  const soon = upcomingDays(
    appointments.filter((a) => a.status === 'confirmed' || a.status === 'proposed').map((a) => ({ ...a, key: a.id })),
    Date.now(),
  );
  const hasComing = appointments.some((a) => a.status !== 'cancelled' && a.status !== 'done' && Date.parse(a.end) > Date.now()) || waitingAsks.length > 0;

  async function forget() {
    if (!window.confirm(t('request.forget.confirm'))) return;
    await updateKept(db, (list) => list.filter((r) => r.id !== kept.id));
  }

  return (
    <article class={fresh ? 'card request-card request-card--fresh' : 'card request-card'} aria-labelledby={`request-${kept.id}`} data-testid="request-card">
      <h2 id={`request-${kept.id}`}>
        {t('request.card.title')} <span class="request-card__code">{kept.receiptCode}</span>
      </h2>
      {fresh ? (
        <p class="card card--success" role="status">
          {t('request.card.receipt', { code: kept.receiptCode })}
        </p>
      ) : null}
      <p class="muted">{t('request.card.sentOn', { time: formatDateTime(kept.createdAt) })}</p>

      {kept.erased ? (
        <p role="status">{t('request.card.erased')}</p>
      ) : kept.refused ? (
        <p class="form-error" role="alert">
          {t('request.card.refused', { reason: kept.refused })}
        </p>
      ) : kept.pending ? (
        <p class="card card--info" role="status" data-testid="request-waiting">
          {t('request.card.waiting')}
        </p>
      ) : (
        <>
          <ol class="steps" aria-label={t('request.card.steps')}>
            {intakeStatuses.map((s) => (
              <li key={s} class={s === current ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === current ? 'step' : undefined}>
                {t(`request.status.${s}`)}
              </li>
            ))}
          </ol>
          {step ? (
            <p class="request-card__next" data-testid="request-next">
              {t(`request.next.${step}`)}
            </p>
          ) : null}
        </>
      )}

      {appointments.length > 0 ? (
        <ul class="request-card__appointments">
          {appointments.map((a) => (
            <li key={a.id} data-testid="request-appointment">
              {soon.today.some((x) => x.id === a.id) || soon.tomorrow.some((x) => x.id === a.id) ? (
                <p class="badge badge--alert">{soon.today.some((x) => x.id === a.id) ? t('request.appointment.today') : t('request.appointment.tomorrow')}</p>
              ) : null}
              <p>
                <strong>{t(`request.appointmentStatus.${a.status}`)}</strong> — {t(`request.appointmentKind.${a.kind}`)}
              </p>
              <p>{slotLabel(a.start, a.end, a.timeZone)}</p>
              {a.siteName ? (
                <p>
                  {a.siteName}
                  {a.address ? <span class="muted"> — {a.address}</span> : null}
                </p>
              ) : null}
              {a.status === 'confirmed' || a.status === 'proposed' ? (
                <button type="button" class="btn btn--small" onClick={() => downloadFile('rendez-vous.ics', appointmentFile(a, kept.receiptCode), 'text/calendar;charset=utf-8')}>
                  {t('request.appointment.addToCalendar')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {waitingAsks.length > 0 ? (
        <p class="card card--info" role="status">
          {t('request.ask.waiting')}
        </p>
      ) : null}

      {!kept.erased && !kept.refused && !hasComing && territoryId && status?.status !== 'done' ? (
        asking ? (
          <AskSlot kept={kept} territoryId={territoryId} onDone={() => setAsking(false)} />
        ) : (
          <p>
            <button type="button" class="btn" onClick={() => setAsking(true)}>
              {t('request.ask.open')}
            </button>
          </p>
        )
      ) : null}

      <details class="request-card__link">
        <summary>{t('request.link.title')}</summary>
        <p>{t('request.link.explain')}</p>
        <p>
          <label for={`link-${kept.id}`}>{t('request.link.label')}</label>
          <input id={`link-${kept.id}`} class="request-card__link-input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </p>
        <p>
          <CopyButton text={link} label={t('request.link.copy')} />
        </p>
      </details>
      <p class="muted">{kept.checkedAt ? t('request.card.checkedAt', { time: formatDateTime(kept.checkedAt) }) : null}</p>
      <p>
        <button type="button" class="btn btn--small btn--quiet" onClick={() => void forget()}>
          {t('request.forget.button')}
        </button>
      </p>
    </article>
  );
}
