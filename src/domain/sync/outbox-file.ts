import { z } from 'zod';
import { isoInstant } from '../common';
import { mutationSchema } from './protocol';

/** Largest file of unsent changes accepted back (a week offline is far below this). */
export const MAX_OUTBOX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A person's unsent changes saved to a file, so they survive a cleared browser or a broken
 * tablet. Mutations keep their ids: sending them twice never applies them twice.
 */
export const outboxFileSchema = z.object({
  format: z.literal('tournee-unsent-changes'),
  version: z.literal(1),
  exportedAt: isoInstant,
  clientId: z.string().min(8).max(64),
  userEmail: z.string().max(254).optional(),
  mutations: z.array(mutationSchema).max(100_000),
});
export type OutboxFile = z.infer<typeof outboxFileSchema>;
