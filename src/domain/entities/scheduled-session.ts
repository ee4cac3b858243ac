import { z } from 'zod';
import { isoDate, isoInstant, text, timeZone, uuid } from '../common';
import { schedulingNotice } from '../scheduling/notice';

export const sessionKinds = ['permanence', 'temps_collectif', 'bus_day', 'atelier_parentalite', 'atelier_social'] as const;

/** One occurrence of a session at a site (a permanence, a temps collectif, a Baby Bus day…). */
export const scheduledSessionFields = z.object({
  kind: z.enum(sessionKinds),
  siteId: uuid,
  start: isoInstant,
  end: isoInstant,
  timeZone,
  staffIds: z.array(uuid).max(20),
  capacity: z.number().int().min(0).max(500).optional(),
  status: z.enum(['planned', 'cancelled', 'to_reschedule', 'done']),
  /** RFC 5545 recurrence rule of the series this occurrence belongs to, if any. */
  rrule: z.string().max(500).optional(),
  /** The series this occurrence belongs to, and the local date it was planned on in it. */
  seriesId: uuid.optional(),
  occurrenceDate: isoDate.optional(),
  cancelReason: text(500).optional(),
  /** Set by the server when merged attendance went over capacity. */
  notice: schedulingNotice.optional(),
});
