/**
 * French wording of a plan's problems, in the site's own time zone (the bus may serve
 * La Réunion from a tablet set to Paris time).
 */
import type { LateStop } from './day-plan-output';

/** "10 h", "9 h 05": the way times are written in French prose. */
export function frenchClock(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${hour} h` : `${hour} h ${minute}`;
}

/** "La séance de 10 h à Pélussin ne peut pas être tenue (arrivée 10 h 25)". */
export function lateStopMessage(late: LateStop, placeName: string, timeZone: string): string {
  return `La séance de ${frenchClock(late.dueAt, timeZone)} à ${placeName} ne peut pas être tenue (arrivée ${frenchClock(late.arriveAt, timeZone)})`;
}
