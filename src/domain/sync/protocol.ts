import { z } from 'zod';
import { isoInstant, uuid } from '../common';
import { entityName } from '../registry';

/** Largest batch a client sends in one push; the server refuses more with a 413. */
export const MAX_MUTATIONS_PER_PUSH = 200;
/** Largest page of changes the server returns in one pull. */
export const MAX_PULL_LIMIT = 1000;

/**
 * One local edit as sent to the server: only the fields it changed, and the server version the
 * edit started from, so the server can merge field by field.
 */
export const mutationSchema = z.object({
  mutationId: uuid,
  entity: entityName,
  recordId: uuid,
  baseVersion: z.number().int().nonnegative(),
  /** Scope of the record; required when the record is created. */
  territoryId: uuid,
  changes: z.record(z.string().max(80), z.unknown()),
  at: isoInstant,
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  /** Identifies one installation of the app; a device never merges against its own edits. */
  clientId: z.string().min(8).max(64),
  mutations: z.array(mutationSchema).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushStatuses = ['applied', 'merged', 'conflict'] as const;
export type PushStatus = (typeof pushStatuses)[number];

export const pushResultSchema = z.object({
  mutationId: uuid,
  status: z.enum(pushStatuses),
  /** The record as it now stands on the server, envelope included. */
  record: z.record(z.string(), z.unknown()),
  /** Ids of conflict records created by this mutation. */
  conflictIds: z.array(uuid),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullChangeSchema = z.object({
  entity: entityName,
  record: z.record(z.string(), z.unknown()),
});
export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  /** Checkpoint to send as `since` next time. */
  since: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Per-mutation reason a push was refused as a whole (nothing of that push was applied). */
export const mutationErrorSchema = z.object({
  mutationId: z.string(),
  code: z.enum(['invalid', 'forbidden', 'append_only', 'replay_mismatch']),
  message: z.string(),
});
export type MutationError = z.infer<typeof mutationErrorSchema>;

/** Shape of every error body the API returns. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    mutations: z.array(mutationErrorSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
