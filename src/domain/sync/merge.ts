/**
 * Field-level merge of one mutation into the server's copy of a record. Pure: the server calls it
 * inside its transaction, the property tests call it directly.
 *
 * Rule: a field another device changed after this edit's base version is a same-field conflict;
 * the edit arriving later on the server wins and the value it overwrites goes to a conflict
 * record. Fields nobody else touched merge silently. A device never conflicts with itself.
 */
export interface FieldMeta {
  /** Record version at which the field was last set. */
  v: number;
  /** Client (installation) that set it. */
  by: string;
  /** User who set it, for the conflict screen. */
  user?: string | undefined;
  at: string;
}

export interface StoredState {
  data: Record<string, unknown>;
  version: number;
  fields: Record<string, FieldMeta>;
}

export interface IncomingEdit {
  baseVersion: number;
  changes: Record<string, unknown>;
  clientId: string;
  userId?: string | undefined;
  /** Server time of arrival. */
  at: string;
}

export interface FieldConflict {
  field: string;
  kept: { value: unknown; meta: FieldMeta };
  other: { value: unknown; meta: FieldMeta };
}

export interface MergeOutcome {
  next: StoredState;
  status: 'applied' | 'merged' | 'conflict';
  conflicts: FieldConflict[];
}

export function mergeEdit(current: StoredState | undefined, edit: IncomingEdit): MergeOutcome {
  const version = (current?.version ?? 0) + 1;
  const data = { ...(current?.data ?? {}) };
  const fields = { ...(current?.fields ?? {}) };
  const conflicts: FieldConflict[] = [];
  const meta: FieldMeta = { v: version, by: edit.clientId, user: edit.userId, at: edit.at };

  // `data` holds every field but id, version and updatedAt: `deleted` and `territoryId` merge like data.
  for (const [field, value] of Object.entries(edit.changes)) {
    const previous = fields[field];
    const concurrent = previous !== undefined && previous.v > edit.baseVersion && previous.by !== edit.clientId;
    if (concurrent && !sameValue(data[field] ?? null, value ?? null)) {
      conflicts.push({ field, kept: { value, meta }, other: { value: data[field], meta: previous } });
    }
    // JSON has no undefined: null in a change means "clear this optional field".
    if (value === null || value === undefined) delete data[field];
    else data[field] = value;
    fields[field] = meta;
  }

  // The editor did not know the record had been deleted: keep it deleted, but say so.
  if (current && data.deleted === true && !('deleted' in edit.changes)) {
    const del = fields.deleted;
    if (del && del.v > edit.baseVersion && del.by !== edit.clientId) {
      conflicts.push({ field: 'deleted', kept: { value: true, meta: del }, other: { value: false, meta } });
    }
  }

  const behind = current !== undefined && current.version !== edit.baseVersion;
  const status = conflicts.length > 0 ? 'conflict' : behind ? 'merged' : 'applied';
  return { next: { data, version, fields }, status, conflicts };
}

/** Structural equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as object, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A local copy is the server record with this device's unsent edits replayed on top, in order. */
export function rebase(server: Record<string, unknown>, pending: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out = { ...server };
  for (const changes of pending) {
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined) delete out[k];
      else out[k] = v;
    }
  }
  return out;
}
