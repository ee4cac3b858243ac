import { z } from 'zod';
import { isoInstant, timeZone, uuid } from '../common';
import { appointmentKinds, appointmentStatuses } from '../entities/appointment';
import { intakeRequestFields, intakeStatuses } from '../entities/intake-request';

/**
 * The secret of a parent's private link: 16 random bytes or more, base64url. It proves the
 * person asking for a status is the one who sent the request; the server keeps only its hash.
 */
export const requestSecret = z.string().regex(/^[A-Za-z0-9_-]{22,86}$/, 'code d’accès invalide');

/** HTTP header carrying the secret, so it never appears in an address or a server log. */
export const REQUEST_SECRET_HEADER = 'x-request-secret';

/** Longest an appointment a parent asks for may last, and how far ahead it may be. */
export const MAX_APPOINTMENT_MINUTES = 4 * 60;
export const MAX_APPOINTMENT_DAYS_AHEAD = 180;

/** A slot a parent asks for, at one of the territory's public sites. */
export const appointmentAsk = z
  .object({
    id: uuid,
    kind: z.enum(appointmentKinds),
    siteId: uuid,
    start: isoInstant,
    end: isoInstant,
    timeZone,
  })
  .strict()
  .refine((a) => Date.parse(a.end) > Date.parse(a.start), { message: 'la fin du rendez-vous doit suivre son début', path: ['end'] })
  .refine((a) => Date.parse(a.end) - Date.parse(a.start) <= MAX_APPOINTMENT_MINUTES * 60_000, {
    message: `un rendez-vous dure ${MAX_APPOINTMENT_MINUTES / 60} heures au plus`,
    path: ['end'],
  });
export type AppointmentAsk = z.infer<typeof appointmentAsk>;

/**
 * What a parent's phone sends, made offline: the ids, the receipt code and the secret are
 * chosen on the phone so the receipt can be shown at once and a resend is recognised.
 */
export const publicRequestSchema = intakeRequestFields
  .pick({ phone: true, childBirthDate: true, childExpectedDate: true, name: true, communeCode: true, needs: true, message: true, receiptCode: true, consent: true })
  .extend({ id: uuid, territoryId: uuid, secret: requestSecret, appointment: appointmentAsk.optional() })
  .strict()
  .refine((r) => r.childBirthDate !== undefined || r.childExpectedDate !== undefined, {
    message: 'date de naissance ou date prévue requise',
    path: ['childBirthDate'],
  });
export type PublicRequest = z.infer<typeof publicRequestSchema>;

/** An appointment as its family sees it: when, where, and whether it is settled. */
export const publicAppointmentSchema = z.object({
  id: uuid,
  kind: z.enum(appointmentKinds),
  status: z.enum(appointmentStatuses),
  start: isoInstant,
  end: isoInstant,
  timeZone,
  siteName: z.string().optional(),
  address: z.string().optional(),
});
export type PublicAppointment = z.infer<typeof publicAppointmentSchema>;

/** What the private link shows: no staff note, no name of who handles it. */
export const publicRequestStatusSchema = z.object({
  id: uuid,
  receiptCode: z.string(),
  status: z.enum(intakeStatuses),
  receivedAt: isoInstant,
  updatedAt: isoInstant,
  appointments: z.array(publicAppointmentSchema),
});
export type PublicRequestStatus = z.infer<typeof publicRequestStatusSchema>;

/**
 * The step a family should expect: an appointment to come overrides the request's own status,
 * since that is what they must act on.
 */
export function nextStep(status: PublicRequestStatus, now: Date): 'received' | 'in_progress' | 'appointment_asked' | 'appointment_set' | 'appointment_moved' | 'done' {
  if (status.status === 'done') return 'done';
  const coming = status.appointments.filter((a) => a.status !== 'cancelled' && a.status !== 'done' && Date.parse(a.end) > now.getTime());
  if (coming.some((a) => a.status === 'confirmed')) return 'appointment_set';
  if (coming.some((a) => a.status === 'proposed' || a.status === 'to_reschedule')) return 'appointment_moved';
  if (coming.some((a) => a.status === 'requested')) return 'appointment_asked';
  return status.status === 'received' ? 'received' : 'in_progress';
}
