import { z } from 'zod';
import { role, uuid, type Role } from '../../domain/common';
import type { JsonObject, StoreTx, StoredRecord } from '../storage/store';

/** The record as devices see it: envelope plus data fields. */
export function toFullRecord(stored: StoredRecord): JsonObject {
  return { id: stored.id, version: stored.version, updatedAt: stored.updatedAt, ...stored.data };
}

/** Roles that sync records; `parent` has no access to the records of a territory. */
export const SYNC_ROLES: readonly Role[] = ['animator', 'bus_team', 'coordinator', 'admin'];

/** The signed-in member of staff, as the server uses them to decide rights. */
export interface AuthUser {
  id: string;
  role: Role;
  territoryIds: string[];
  /** Their staffUser record, as returned by /api/auth/me. */
  record: JsonObject;
}

const rightsSchema = z.object({
  role,
  territoryIds: z.array(uuid),
  active: z.boolean(),
  deleted: z.boolean(),
});

/** Loads a user's rights from their staffUser record; a deleted or inactive account has none. */
export async function loadUser(tx: StoreTx, userId: string): Promise<AuthUser | undefined> {
  const stored = await tx.getRecord('staffUser', userId);
  if (!stored) return undefined;
  const rights = rightsSchema.safeParse(stored.data);
  if (!rights.success || rights.data.deleted || !rights.data.active) return undefined;
  return { id: stored.id, role: rights.data.role, territoryIds: rights.data.territoryIds, record: toFullRecord(stored) };
}
