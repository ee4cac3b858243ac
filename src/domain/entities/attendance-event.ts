import { z } from 'zod';
import { isoInstant, uuid } from '../common';

/** A child checked in or out of a Baby Bus day. Append-only: events merge by union. */
export const attendanceEventFields = z.object({
  sessionId: uuid,
  childId: uuid,
  familyId: uuid.optional(),
  type: z.enum(['check_in', 'check_out']),
  at: isoInstant,
  recordedBy: uuid,
});
