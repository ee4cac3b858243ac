import { z } from 'zod';
import { isoInstant, uuid } from '../common';

/**
 * Set by the server when merged data breaks a rule of the field: a staff member booked twice at
 * the same time, a Baby Bus day over its capacity. Shown to people; never overwrites their data.
 */
export const schedulingNotice = z.object({
  reason: z.enum(['double_booking', 'over_capacity']),
  conflictWith: uuid.optional(),
  peak: z.number().int().nonnegative().optional(),
  capacity: z.number().int().nonnegative().optional(),
  detectedAt: isoInstant,
});
export type SchedulingNotice = z.infer<typeof schedulingNotice>;
