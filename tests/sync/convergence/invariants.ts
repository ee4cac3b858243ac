/**
 * What must hold after a convergence case, and before each local edit. Each check throws a
 * `ConvergenceViolation` naming what went wrong.
 */
import { isDeepStrictEqual } from 'node:util';
import { entityNames, type EntityName } from '../../../src/domain/registry';
import { rebase, sameValue } from '../../../src/domain/sync/merge';
import { toFullRecord } from '../../../src/server/sync/records';
import { TERRITORY, type AcceptedWrite, type SimDevice, type World } from './world';

export class ConvergenceViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvergenceViolation';
  }
}

function violation(message: string): never {
  throw new ConvergenceViolation(message);
}

const show = (v: unknown) => JSON.stringify(v);
/** A missing field, `undefined` and `null` (a clear on the wire) are the same value. */
const norm = (v: unknown) => (v === undefined ? null : v);
const same = (a: unknown, b: unknown) => sameValue(norm(a), norm(b));
const key = (entity: string, id: string) => `${entity}/${id}`;

function withoutUpdatedAt(record: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _updatedAt, ...rest } = record;
  return rest;
}

/** The accepted writes of each record, in server version order. */
function writesByRecord(world: World): Map<string, AcceptedWrite[]> {
  const out = new Map<string, AcceptedWrite[]>();
  for (const w of world.accepted) {
    const k = key(w.mutation.entity, w.mutation.recordId);
    const list = out.get(k) ?? [];
    list.push(w);
    out.set(k, list);
  }
  for (const list of out.values()) list.sort((a, b) => versionOf(a) - versionOf(b));
  return out;
}

const versionOf = (w: AcceptedWrite) => Number(w.result.record.version);

/**
 * Client invariant, checked before every local edit: the device's copy of a record is a version
 * the server really produced (known from the push results it committed) with this device's
 * pending outbox entries replayed on top, in order. This is what makes `baseVersion` truthful:
 * an edit based on version n was made by someone looking at version n plus their own edits.
 */
export async function checkLocalCopy(world: World, d: SimDevice, entity: EntityName, id: string): Promise<void> {
  const local = (await d.db.records(entity).get(id)) as Record<string, unknown> | undefined;
  if (!local) return;
  const pending = await d.db.outbox
    .where('[entity+recordId]')
    .equals([entity, id])
    .filter((e) => e.state === 'pending')
    .sortBy('seq');
  const version = Number(local.version);
  let base: Record<string, unknown>;
  if (version === 0) {
    base = { id, version: 0 };
  } else {
    const produced = world.accepted.find((w) => w.mutation.entity === entity && w.mutation.recordId === id && versionOf(w) === version);
    const seeded = world.seeded.get(key(entity, id));
    const record = produced?.result.record ?? (Number(seeded?.version) === version ? seeded : undefined);
    if (!record) violation(`device ${d.index} holds ${key(entity, id)} at version ${version}, which the server never produced`);
    base = record;
  }
  const expected = rebase(base, pending.map((p) => p.changes));
  // A local edit stamps its own updatedAt; the server's comes back with the next sync.
  const ignoreTime = version === 0 || pending.length > 0;
  const [a, b] = ignoreTime ? [withoutUpdatedAt(local), withoutUpdatedAt(expected)] : [local, expected];
  if (!isDeepStrictEqual(a, b)) {
    violation(
      `device ${d.index}: local copy of ${key(entity, id)} is not server version ${version} plus its ${pending.length} unsent edit(s)\n` +
        `  local:    ${show(a)}\n  expected: ${show(b)}`,
    );
  }
}

/** Every check of the end state; see the comments of each step. */
export async function checkConverged(world: World): Promise<void> {
  if (world.unexpected.length > 0) violation(`unexpected during the run:\n  ${world.unexpected.join('\n  ')}`);

  const serverRecords = await world.store.withTransaction((tx) => tx.listChanges(0, 1_000_000, [TERRITORY]));
  const server = new Map(serverRecords.map((r) => [key(r.entity, r.id), { entity: r.entity, record: toFullRecord(r) }]));

  // (1) Every replica equals the server: same set of records, each record equal as a whole
  // (data fields, version, deleted, territoryId, updatedAt), and nothing left to send.
  for (const d of world.devices) {
    const state = d.sync.getState();
    if (d.activity || d.release) violation(`device ${d.index} still has a sync in flight`);
    if (state.phase !== 'idle') violation(`device ${d.index} ended in phase ${state.phase} (${state.error ?? ''})`);
    const outbox = await d.db.outbox.toArray();
    if (outbox.length > 0) {
      violation(`device ${d.index} outbox not empty: ${show(outbox.map((e) => ({ state: e.state, recordId: e.recordId, error: e.error })))}`);
    }
    const seen = new Set<string>();
    for (const entity of entityNames) {
      for (const local of (await d.db.records(entity).toArray()) as Record<string, unknown>[]) {
        const k = key(entity, String(local.id));
        seen.add(k);
        const onServer = server.get(k);
        if (!onServer) violation(`device ${d.index} has ${k}, unknown to the server: ${show(local)}`);
        if (!isDeepStrictEqual(local, onServer.record)) {
          violation(`device ${d.index} differs from the server on ${k}\n  device: ${show(local)}\n  server: ${show(onServer.record)}`);
        }
      }
    }
    for (const k of server.keys()) if (!seen.has(k)) violation(`device ${d.index} is missing ${k}`);
  }

  // (2) Every local edit reached the server exactly once: the set of committed mutation ids is
  // the set of outbox entries the devices made, without duplicates (idempotent replays).
  const committed = new Map<string, number>();
  for (const w of world.accepted) committed.set(w.mutation.mutationId, (committed.get(w.mutation.mutationId) ?? 0) + 1);
  for (const [id, n] of committed) if (n > 1) violation(`mutation ${id} was applied ${n} times`);
  const made = new Set(world.local.map((l) => l.mutationId));
  for (const l of world.local) if (!committed.has(l.mutationId)) violation(`edit ${l.mutationId} of device ${l.device} never reached the server`);
  for (const id of committed.keys()) if (!made.has(id)) violation(`server applied ${id}, which no device made`);

  const conflicts = [...server.values()].filter((r) => r.entity === 'conflictRecord').map((r) => r.record);
  const referenced = new Set(world.accepted.flatMap((w) => w.result.conflictIds));
  for (const c of conflicts) if (!referenced.has(String(c.id))) violation(`conflict record ${String(c.id)} not reported by any push result`);
  for (const id of referenced) if (!server.has(key('conflictRecord', id))) violation(`conflict record ${id} reported but not stored`);

  for (const [k, writes] of writesByRecord(world)) {
    const current = server.get(k)?.record;
    if (!current) violation(`${k} was written but is not on the server`);

    // (3) Each accepted mutation bumps the version by one: after the seeded version s (0 for a
    // record made by a device), versions s+1..s+n, and s+n is the current version. (Directory
    // entries and families have no server-side domain rules that would add versions of their own.)
    const start = Number(world.seeded.get(k)?.version ?? 0);
    writes.forEach((w, i) => {
      if (versionOf(w) !== start + i + 1) violation(`${k}: accepted mutation #${i + 1} produced version ${versionOf(w)}`);
      if ((w.result.status === 'conflict') !== w.result.conflictIds.length > 0) {
        violation(`${k}: status ${w.result.status} with ${w.result.conflictIds.length} conflict record(s)`);
      }
    });
    if (Number(current.version) !== start + writes.length) violation(`${k}: version ${String(current.version)} after ${writes.length} accepted mutations`);

    // (4) No accepted write is silently dropped. For each field value v an accepted mutation w
    // set (at version n, by device c, user u, server time t), one of:
    //   a. v is the current server value of the field;
    //   b. a conflict record of this record and field keeps v as `otherValue`, with
    //      otherBy = u and otherAt = t (so it is w's value that was kept, not an equal one);
    //   c. the next accepted write w' of that field overwrote it knowingly: w' came from the same
    //      device c (a device overwriting its own value is not a conflict, by design: an outbox
    //      often holds several edits of one record from one old base), or w' was based on a
    //      version >= n (its author's copy already showed v, see checkLocalCopy), or w' wrote
    //      the same value (nothing was lost at that step; w' is itself checked).
    // This is the merge rule seen from outside: the server's field metadata is not read, only
    // what devices sent, what the server answered, its final records and its conflict records.
    writes.forEach((w, i) => {
      const at = String(w.result.record.updatedAt);
      for (const [field, value] of Object.entries(w.mutation.changes)) {
        if (same(current[field], value)) continue;
        const kept = conflicts.some(
          (c) => c.recordId === w.mutation.recordId && c.field === field && same(c.otherValue, value) && c.otherBy === w.userId && c.otherAt === at,
        );
        if (kept) continue;
        const next = writes.slice(i + 1).find((x) => field in x.mutation.changes);
        if (next && (next.clientId === w.clientId || next.mutation.baseVersion >= versionOf(w) || same(next.mutation.changes[field], value))) continue;
        violation(
          `${k}: write dropped: ${field}=${show(value)} by device ${w.device} at v${versionOf(w)} is not current (${show(current[field])}), ` +
            `not in a conflict record, and ${next ? `was overwritten by device ${next.device} at v${versionOf(next)} from base ${next.mutation.baseVersion}` : 'nothing overwrote it'}`,
        );
      }

      // (5) An edit that reaches a record another device deleted after the edit's base version,
      // without touching `deleted` itself, leaves the record deleted and says so in a conflict.
      if ('deleted' in w.mutation.changes || i === 0) return;
      const lastDelete = writes.slice(0, i).reverse().find((x) => 'deleted' in x.mutation.changes);
      if (!lastDelete || lastDelete.mutation.changes.deleted !== true) return;
      if (lastDelete.clientId === w.clientId || versionOf(lastDelete) <= w.mutation.baseVersion) return;
      if (w.result.record.deleted !== true) violation(`${k}: edit at v${versionOf(w)} resurrected a record deleted behind its back`);
      const flagged = conflicts.some(
        (c) => c.recordId === w.mutation.recordId && c.field === 'deleted' && c.keptValue === true && c.otherValue === false && c.otherBy === w.userId && c.otherAt === at,
      );
      if (!flagged) violation(`${k}: edit at v${versionOf(w)} of a record deleted behind its back left no conflict record`);
    });
  }
}
