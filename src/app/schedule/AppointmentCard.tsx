import { t } from '../i18n';
import { timeRange } from './format';
import type { Appointment } from './planning-items';

/** One appointment on the planning: time, kind, place, who holds it and where it stands. */
export function AppointmentCard({ a, site, staff, clashing }: { a: Appointment; site: string; staff: string; clashing: boolean }) {
  return (
    <li class={a.status === 'cancelled' ? 'card visit visit--cancelled visit--appointment' : 'card visit visit--appointment'}>
      <p class="visit__when">
        {timeRange(a.start, a.end, a.timeZone)} · {t(`schedule.appointmentKind.${a.kind}`)}
        <span class="badge">{t(`schedule.appointmentStatus.${a.status}`)}</span>
        {clashing ? <span class="badge badge--alert">{t('schedule.clash.badge')}</span> : null}
      </p>
      {site ? <p class="visit__where">{site}</p> : null}
      {staff ? <p class="muted">{staff}</p> : null}
    </li>
  );
}
