import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { toZoned } from '../../domain/scheduling/zoned-time';
import { formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { SlotFields } from '../ui/SlotFields';
import { cancelAppointment, confirmAppointment, proposeAppointment, type Slot } from './appointment-reply';

type Appointment = RecordOf<'appointment'>;
type Site = RecordOf<'site'>;

const DEFAULT_MINUTES = 60;

function initialSlot(appointment: Appointment | undefined, sites: readonly Site[]): Slot {
  const site = sites.find((s) => s.id === appointment?.siteId) ?? sites[0];
  const timeZone = appointment?.timeZone ?? site?.timeZone ?? 'Europe/Paris';
  const at = appointment ? toZoned(appointment.start, timeZone) : undefined;
  return { siteId: site?.id ?? '', date: at?.localDate ?? '', time: at?.localTime ?? '09:00', minutes: DEFAULT_MINUTES, timeZone };
}

/**
 * A family's appointment as staff handle it from the inbox: what was asked, then confirm an
 * hour, propose another slot, or cancel. Works offline; the family sees it after the next sync.
 */
export function AppointmentReply({ request, appointments, sites }: { request: RecordOf<'intakeRequest'>; appointments: readonly Appointment[]; sites: readonly Site[] }) {
  const { db } = useServices();
  const { session } = useSession();
  const open = appointments.filter((a) => a.status !== 'cancelled' && a.status !== 'done');
  const current = open[0];
  const [slot, setSlot] = useState<Slot>(() => initialSlot(current, sites));
  const said = useSaveMessage({ clearOnStart: true });
  const siteName = (id: string | undefined) => sites.find((s) => s.id === id)?.name ?? '';
  const prefix = `reply-${request.id}`;

  function run(action: () => Promise<unknown>, message: string) {
    return said.run(async () => {
      if (!slot.siteId || !slot.date || !slot.time) return t('reply.error.slot');
      await action();
    }, message);
  }

  const chooseSite = (id: string) => setSlot({ ...slot, siteId: id, timeZone: sites.find((s) => s.id === id)?.timeZone ?? slot.timeZone });

  return (
    <div class="reply" data-testid="appointment-reply">
      {appointments.map((a) => (
        <p key={a.id} class="reply__asked">
          <strong>{t(`request.appointmentStatus.${a.status}`)}</strong> · {t(`request.appointmentKind.${a.kind}`)} · {formatDateTime(a.start, a.timeZone)} · {siteName(a.siteId)}
          {a.notice ? <span class="badge badge--alert"> {t('reply.clash')}</span> : null}
        </p>
      ))}
      <fieldset class="reply__form">
        <legend>{current ? t('reply.legend.answer') : t('reply.legend.propose')}</legend>
        <div class="form__row">
          <div class="field">
            <label for={`${prefix}-site`}>{t('reply.site')}</label>
            <select id={`${prefix}-site`} value={slot.siteId} onChange={(e) => chooseSite(e.currentTarget.value)}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <SlotFields
            id={prefix}
            value={{ date: slot.date, start: slot.time }}
            onChange={(v) => setSlot({ ...slot, date: v.date, time: v.start })}
            suffixes={{ start: 'time' }}
            labels={{ date: t('reply.date'), start: t('reply.time') }}
          />
          <div class="field">
            <label for={`${prefix}-minutes`}>{t('reply.minutes')}</label>
            <input id={`${prefix}-minutes`} type="number" min={15} max={240} step={15} value={slot.minutes} onInput={(e) => setSlot({ ...slot, minutes: Math.min(240, Math.max(15, Number(e.currentTarget.value) || DEFAULT_MINUTES)) })} />
          </div>
        </div>
        <div class="form__actions">
          {current ? (
            <button type="button" class="btn btn--primary" onClick={() => void run(() => confirmAppointment(db, request, current, slot, session.user.id), t('reply.done.confirmed'))}>
              {t('reply.confirm')}
            </button>
          ) : null}
          <button type="button" class={current ? 'btn' : 'btn btn--primary'} onClick={() => void run(() => proposeAppointment(db, request, current, slot, session.user.id), t('reply.done.proposed'))}>
            {current ? t('reply.proposeOther') : t('reply.propose')}
          </button>
          {current ? (
            <button type="button" class="btn btn--quiet" onClick={() => void run(() => cancelAppointment(db, current), t('reply.done.cancelled'))}>
              {t('reply.cancel')}
            </button>
          ) : null}
        </div>
      </fieldset>
      <SaveMessageLine message={said.message} />
    </div>
  );
}
