import { z } from 'zod';
import { text, uuid } from '../common';
import { recurrenceRule } from '../scheduling/recurrence';
import { sessionKinds } from './scheduled-session';

/**
 * A recurring schedule at a site: "permanence at the France Services of Pélussin, 2nd Tuesday,
 * 9:00–12:00", "Baby Bus at Saint-Benoît, Mon/Tue/Thu/Fri 8:30–16:00, 12 children". Its
 * occurrences are computed on each device; one becomes a `scheduledSession` record only when
 * something happens to it (logged, moved, cancelled), linked back by `seriesId` and its date.
 */
export const scheduleSeriesFields = z.object({
  kind: z.enum(sessionKinds),
  siteId: uuid,
  title: text(120).optional(),
  rule: recurrenceRule,
  staffIds: z.array(uuid).max(20),
  capacity: z.number().int().min(0).max(500).optional(),
  /** The vehicle, for a Baby Bus service with several. */
  vehicle: text(60).optional(),
  /** A series can be ended without deleting the sessions already held. */
  active: z.boolean(),
});
