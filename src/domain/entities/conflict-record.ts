import { z } from 'zod';
import { isoInstant, uuid } from '../common';

/**
 * Two edits of the same field met on the server: the later one is current, the other value is
 * kept here so a person can review it and restore it. Nothing accepted is silently dropped.
 */
export const conflictRecordFields = z.object({
  entity: z.string().min(1).max(40),
  recordId: uuid,
  field: z.string().min(1).max(80),
  /** The value that won (current when the conflict was found). */
  keptValue: z.unknown(),
  keptBy: uuid.optional(),
  keptAt: isoInstant,
  /** The value that was overwritten. */
  otherValue: z.unknown(),
  otherBy: uuid.optional(),
  otherAt: isoInstant,
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['kept', 'restored', 'combined']).optional(),
  resolvedBy: uuid.optional(),
  resolvedAt: isoInstant.optional(),
});
