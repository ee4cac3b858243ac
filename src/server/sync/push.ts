import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { uuid } from '../../domain/common';
import { entities, isEntityName, recordRuleIssue, type EntityName, type FieldsOf } from '../../domain/registry';
import { mergeEdit, type FieldConflict, type FieldMeta } from '../../domain/sync/merge';
import { mutationSchema, type Mutation, type MutationError, type PushResult } from '../../domain/sync/protocol';
import type { JsonObject, StoreTx, StoredRecord } from '../storage/store';
import { onStaffWrite, staffEditRefusal } from '../audit/staff';
import { applyDomainRules, SERVER_CLIENT_ID } from './domain-rules';
import { toFullRecord, type AuthUser } from './records';

export { SERVER_CLIENT_ID } from './domain-rules';

const fr = z.locales.fr().localeError;

/** Thrown inside the push transaction so that a refused push rolls back everything. */
export class PushRejected extends Error {
  constructor(readonly errors: MutationError[]) {
    super('push rejected');
  }
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

function shapeOf(entity: EntityName): z.ZodRawShape {
  return entities[entity].fields.shape as z.ZodRawShape;
}

const syncFields = { deleted: z.boolean(), territoryId: uuid };
const createSchemas = new Map<EntityName, ObjectSchema>();
const editSchemas = new Map<EntityName, ObjectSchema>();

/** A new record: every required field, plus the two envelope fields that merge like data. */
function createSchema(entity: EntityName): ObjectSchema {
  let schema = createSchemas.get(entity);
  if (!schema) {
    schema = z.object({ ...shapeOf(entity), ...syncFields }).strict();
    createSchemas.set(entity, schema);
  }
  return schema;
}

/** An edit: any subset of the data fields, `deleted` and `territoryId`; nothing else. */
function editSchema(entity: EntityName): ObjectSchema {
  let schema = editSchemas.get(entity);
  if (!schema) {
    schema = z.object({ ...shapeOf(entity), ...syncFields }).partial().strict();
    editSchemas.set(entity, schema);
  }
  return schema;
}

/** French message naming the first faulty field. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'modification invalide';
  if (issue.code === 'unrecognized_keys') {
    return `champ « ${issue.keys.join(', ')} » : champ inconnu`;
  }
  const path = issue.path.map(String).join('.');
  return path ? `champ « ${path} » : ${issue.message}` : issue.message;
}

/** JSON with sorted keys, so the same mutation always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as JsonObject)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function mutationHash(m: Mutation): string {
  return createHash('sha256').update(canonicalJson(m)).digest('hex');
}

/**
 * JSON cannot carry `undefined`, so `null` means "clear this optional field". A field whose
 * schema does not accept undefined keeps its null and fails validation.
 */
function nullsToClears(entity: EntityName, changes: JsonObject): JsonObject {
  const shape = shapeOf(entity);
  // fromEntries defines own keys, so a hostile "__proto__" stays a key (and is refused as unknown).
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      return [key, value === null && field !== undefined && z.safeParse(field, undefined).success ? undefined : value];
    }),
  );
}

function stripUndefined(obj: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

interface Context {
  tx: StoreTx;
  user: AuthUser;
  clientId: string;
  now: string;
}

type Checked = { ok: true; changes: JsonObject; existing: StoredRecord | undefined } | { ok: false; error: MutationError };

function refuse(mutationId: string, code: MutationError['code'], message: string): Checked {
  return { ok: false, error: { mutationId, code, message } };
}

/** Rights and validation of one parsed mutation against the current stored state. */
async function check(ctx: Context, m: Mutation): Promise<Checked> {
  const { user } = ctx;
  const def = entities[m.entity];
  if (!def.writers.includes(user.role)) {
    return refuse(m.mutationId, 'forbidden', `votre rôle ne permet pas de modifier « ${m.entity} »`);
  }
  const scope = new Set(user.territoryIds);
  const outside = 'territoire hors de votre périmètre';
  if (!scope.has(m.territoryId)) return refuse(m.mutationId, 'forbidden', outside);

  const existing = await ctx.tx.getRecord(m.entity, m.recordId);
  if (existing && !scope.has(String(existing.data.territoryId))) return refuse(m.mutationId, 'forbidden', outside);
  const moveTo = m.changes.territoryId;
  if (typeof moveTo === 'string' && !scope.has(moveTo)) return refuse(m.mutationId, 'forbidden', outside);

  if (existing && def.appendOnly) {
    return refuse(m.mutationId, 'append_only', `un enregistrement « ${m.entity} » ne se modifie pas : ajoutez-en un nouveau`);
  }

  const input = nullsToClears(m.entity, m.changes);
  let changes: JsonObject;
  if (existing) {
    const parsed = editSchema(m.entity).safeParse(input, { error: fr });
    if (!parsed.success) return refuse(m.mutationId, 'invalid', describeIssue(parsed.error));
    const out = parsed.data as JsonObject;
    // Keep the keys the client cleared: they must reach the merge as undefined.
    changes = Object.fromEntries(Object.keys(input).map((k) => [k, out[k]]));
  } else {
    if (moveTo !== undefined && moveTo !== m.territoryId) {
      return refuse(m.mutationId, 'invalid', 'champ « territoryId » : différent du territoire de la modification');
    }
    const data = { deleted: false, ...stripUndefined(input), territoryId: m.territoryId };
    const parsed = createSchema(m.entity).safeParse(data, { error: fr });
    if (!parsed.success) return refuse(m.mutationId, 'invalid', describeIssue(parsed.error));
    changes = stripUndefined(parsed.data as JsonObject);
  }

  // Rules across fields (an enrolment ending before it starts) hold for the record as merged.
  const rule = recordRuleIssue(m.entity, { ...(existing?.data ?? {}), ...changes } as FieldsOf<typeof m.entity>);
  if (rule) return refuse(m.mutationId, 'invalid', `champ « ${rule.path} » : ${rule.message}`);
  if (m.entity === 'intakeRequest' && 'accessHash' in changes) {
    return refuse(m.mutationId, 'forbidden', 'le code d’accès d’une demande est fixé par le serveur');
  }
  if (m.entity === 'staffUser') {
    const refusal = staffEditRefusal(user, existing?.data);
    if (refusal) return refuse(m.mutationId, 'forbidden', refusal);
    const after = { ...(existing?.data ?? {}), ...changes };
    // A manager grants no more than they hold: no admin role unless admin, no foreign territory.
    if (after.role === 'admin' && user.role !== 'admin' && 'role' in changes) {
      return refuse(m.mutationId, 'forbidden', 'seul un administrateur peut attribuer le rôle administrateur');
    }
    const granted = Array.isArray(after.territoryIds) ? after.territoryIds : [];
    if ('territoryIds' in changes && granted.some((t) => typeof t !== 'string' || !scope.has(t))) {
      return refuse(m.mutationId, 'forbidden', outside);
    }
  }
  return { ok: true, changes, existing };
}

function conflictData(entity: EntityName, recordId: string, territoryId: unknown, c: FieldConflict): JsonObject {
  return stripUndefined({
    entity,
    recordId,
    field: c.field,
    keptValue: c.kept.value,
    keptBy: c.kept.meta.user,
    keptAt: c.kept.meta.at,
    otherValue: c.other.value,
    otherBy: c.other.meta.user,
    otherAt: c.other.meta.at,
    status: 'open',
    deleted: false,
    territoryId,
  });
}

/** Field metadata of a record written whole by the server itself. */
export function serverFieldMeta(data: JsonObject, version: number, at: string): Record<string, FieldMeta> {
  return Object.fromEntries(Object.keys(data).map((k) => [k, { v: version, by: SERVER_CLIENT_ID, at }]));
}

async function apply(ctx: Context, m: Mutation, checked: Extract<Checked, { ok: true }>): Promise<PushResult> {
  const { tx, user, clientId, now } = ctx;
  const { existing, changes } = checked;
  const outcome = mergeEdit(
    existing ? { data: existing.data, version: existing.version, fields: existing.fields } : undefined,
    { baseVersion: m.baseVersion, changes, clientId, userId: user.id, at: now },
  );
  const stored = await tx.putRecord({
    entity: m.entity,
    id: m.recordId,
    version: outcome.next.version,
    updatedAt: now,
    data: outcome.next.data,
    fields: outcome.next.fields,
  });
  const conflictIds: string[] = [];
  for (const conflict of outcome.conflicts) {
    const id = randomUUID();
    const data = conflictData(m.entity, m.recordId, stored.data.territoryId, conflict);
    await tx.putRecord({ entity: 'conflictRecord', id, version: 1, updatedAt: now, data, fields: serverFieldMeta(data, 1, now) });
    conflictIds.push(id);
  }
  const final = await applyDomainRules(tx, stored, now, { mutationId: m.mutationId, userId: user.id });
  return { mutationId: m.mutationId, status: outcome.status, record: toFullRecord(final), conflictIds };
}

function rawMutationId(raw: unknown, index: number): string {
  const id = raw !== null && typeof raw === 'object' ? (raw as JsonObject).mutationId : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : `#${index}`;
}

/**
 * Applies a push inside the caller's transaction, in order, each mutation seeing the ones before
 * it (a record created earlier in the batch can be edited later in it). If any mutation is
 * refused, throws PushRejected listing every refusal, so the transaction writes nothing.
 */
export async function applyPush(
  tx: StoreTx,
  user: AuthUser,
  push: { clientId: string; mutations: readonly unknown[] },
  now: string,
): Promise<PushResult[]> {
  const ctx: Context = { tx, user, clientId: push.clientId, now };
  const errors: MutationError[] = [];
  const results: PushResult[] = [];

  for (const [index, raw] of push.mutations.entries()) {
    const parsed = mutationSchema.safeParse(raw, { error: fr });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const unknownEntity = issue?.path[0] === 'entity' && raw !== null && typeof raw === 'object';
      const entity = unknownEntity ? String((raw as JsonObject).entity) : '';
      const message = unknownEntity && !isEntityName(entity) ? `entité inconnue « ${entity.slice(0, 40)} »` : describeIssue(parsed.error);
      errors.push({ mutationId: rawMutationId(raw, index), code: 'invalid', message });
      continue;
    }
    const m = parsed.data;
    const hash = mutationHash(m);

    const previous = await tx.getMutation(m.mutationId);
    if (previous) {
      if (previous.userId !== user.id || previous.hash !== hash) {
        errors.push({ mutationId: m.mutationId, code: 'replay_mismatch', message: 'identifiant de modification déjà utilisé pour un autre contenu' });
      } else {
        // Acknowledged, not applied again; the answer carries the record as it stands now, since
        // the device may have seen newer versions since (a stale copy would hide them). A record
        // moved since to a territory the user does not hold is not shown: the answer given then.
        const stored = previous.result as PushResult;
        const current = await tx.getRecord(m.entity, m.recordId);
        const visible = current !== undefined && user.territoryIds.includes(String(current.data.territoryId));
        results.push(visible ? { ...stored, record: toFullRecord(current) } : stored);
      }
      continue;
    }

    const checked = await check(ctx, m);
    if (!checked.ok) {
      errors.push(checked.error);
      continue;
    }
    const result = await apply(ctx, m, checked);
    // Account changes made on a device are audited (and a deactivation revokes its sessions).
    if (m.entity === 'staffUser') await onStaffWrite(tx, user, m.recordId, checked.existing?.data, result.record, now);
    await tx.putMutation({ mutationId: m.mutationId, userId: user.id, hash, result: { ...result }, createdAt: now });
    results.push(result);
  }

  if (errors.length > 0) throw new PushRejected(errors);
  return results;
}
