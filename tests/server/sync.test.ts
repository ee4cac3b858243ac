import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANIM_A, COORD_A, TA, changes, error, harness, mutation, newEntry, results } from './helpers';

describe('push then pull', () => {
  it('creates a record that pull returns with a seq checkpoint', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const start = await h.pull(token);
    const checkpoint = start.body.since as number;
    expect(checkpoint).toBeGreaterThan(0);

    const id = randomUUID();
    const pushed = await h.push(token, 'device-aaaa', [mutation({ recordId: id, changes: newEntry({ phone: '04 77 00 00 00' }) })]);
    expect(pushed.status).toBe(200);
    const [result] = results(pushed.body);
    expect(result).toMatchObject({ status: 'applied', conflictIds: [] });
    expect(result?.record).toEqual({
      id,
      version: 1,
      updatedAt: '2026-01-05T08:00:00.000Z',
      deleted: false,
      territoryId: TA,
      kind: 'rpe',
      name: 'Relais du Pilat',
      communeCode: '42224',
      phone: '04 77 00 00 00',
    });

    const after = await h.pull(token, checkpoint);
    expect(after.status).toBe(200);
    expect(changes(after.body)).toEqual([{ entity: 'directoryEntry', record: result?.record }]);
    expect(after.body.since).toBeGreaterThan(checkpoint);
    expect(after.body.hasMore).toBe(false);

    const again = await h.pull(token, after.body.since as number);
    expect(again.body).toEqual({ changes: [], since: after.body.since, hasMore: false });
  });

  it('pages with limit and hasMore, in seq order, without gaps or repeats', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const all = changes((await h.pull(token)).body).map((c) => c.record.id);
    expect(all.length).toBeGreaterThanOrEqual(4);

    const seen: unknown[] = [];
    let since = 0;
    let pages = 0;
    for (;;) {
      const page = await h.pull(token, since, 2);
      expect(page.status).toBe(200);
      const ids = changes(page.body).map((c) => c.record.id);
      expect(ids.length).toBeLessThanOrEqual(2);
      seen.push(...ids);
      expect(page.body.since).toBeGreaterThanOrEqual(since);
      since = page.body.since as number;
      pages++;
      if (!page.body.hasMore) break;
      expect(ids.length).toBe(2);
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('an edited record moves to the end of the feed with a higher seq', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    await h.push(token, 'device-aaaa', [mutation({ recordId: id, changes: newEntry() })]);
    const checkpoint = (await h.pull(token)).body.since as number;
    await h.push(token, 'device-aaaa', [mutation({ recordId: id, baseVersion: 1, changes: { name: 'Relais renommé' } })]);
    const after = await h.pull(token, checkpoint);
    expect(changes(after.body).map((c) => [c.record.id, c.record.version, c.record.name])).toEqual([[id, 2, 'Relais renommé']]);
  });

  it('a record created and edited in the same push is applied in order', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    const pushed = await h.push(token, 'device-aaaa', [
      mutation({ recordId: id, changes: newEntry() }),
      mutation({ recordId: id, baseVersion: 0, changes: { name: 'Deuxième nom' } }),
    ]);
    expect(pushed.status).toBe(200);
    expect(results(pushed.body).map((r) => [r.status, r.record.version, r.record.name])).toEqual([
      ['applied', 1, 'Relais du Pilat'],
      ['merged', 2, 'Deuxième nom'],
    ]);
    expect(results(pushed.body)[1]?.conflictIds).toEqual([]);
  });

  it('null clears an optional field', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    await h.push(token, 'device-aaaa', [mutation({ recordId: id, changes: newEntry({ phone: '04 77 00 00 00' }) })]);
    const cleared = await h.push(token, 'device-aaaa', [mutation({ recordId: id, baseVersion: 1, changes: { phone: null } })]);
    expect(cleared.status).toBe(200);
    expect(results(cleared.body)[0]?.record).not.toHaveProperty('phone');
    // A required field cannot be cleared.
    const bad = await h.push(token, 'device-aaaa', [mutation({ recordId: id, baseVersion: 2, changes: { name: null } })]);
    expect(bad.status).toBe(422);
    expect(error(bad.body).mutations?.[0]?.message).toMatch(/« name »/);
  });
});

describe('idempotency', () => {
  it('a replayed mutation returns the stored result and is not applied twice', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    const create = mutation({ recordId: id, changes: newEntry() });
    const edit = mutation({ recordId: id, baseVersion: 1, changes: { notes: 'première visite' } });
    const first = await h.push(token, 'device-aaaa', [create, edit]);
    expect(first.status).toBe(200);
    const before = await h.dump();

    h.advance(60_000);
    const replay = await h.push(token, 'device-aaaa', [create, edit]);
    expect(replay.status).toBe(200);
    const [again, firstResults] = [results(replay.body), results(first.body)];
    expect(again.map((r) => [r.mutationId, r.status, r.conflictIds])).toEqual(firstResults.map((r) => [r.mutationId, r.status, r.conflictIds]));
    // Each answer carries the record as it stands now: version 2, after both mutations.
    expect(again.map((r) => r.record)).toEqual([firstResults[1]?.record, firstResults[1]?.record]);
    expect(await h.dump()).toBe(before);
  });

  it('a replay answered after another device changed the record carries the newer record', async () => {
    const h = await harness();
    const alice = await h.login('anim.a@example.fr');
    const claire = await h.login('coord.a@example.fr');
    const id = randomUUID();
    await h.push(alice, 'device-aaaa', [mutation({ recordId: id, changes: newEntry() })]);
    const mine = mutation({ recordId: id, baseVersion: 1, changes: { name: 'Ribambelle' } });
    await h.push(alice, 'device-aaaa', [mine]);
    await h.push(claire, 'device-cccc', [mutation({ recordId: id, baseVersion: 1, changes: { name: 'Pirouette' } })]);
    const replay = await h.push(alice, 'device-aaaa', [mine]);
    expect(results(replay.body)[0]).toMatchObject({ status: 'applied', record: { name: 'Pirouette', version: 3 } });
  });

  it('a replayed mutation next to a new one: only the new one is applied', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    const create = mutation({ recordId: id, changes: newEntry() });
    await h.push(token, 'device-aaaa', [create]);
    const next = await h.push(token, 'device-aaaa', [create, mutation({ recordId: id, baseVersion: 1, changes: { notes: 'x' } })]);
    expect(results(next.body).map((r) => r.record.version)).toEqual([1, 2]);
  });

  it('a mutation id reused with other content is refused and nothing changes', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    const create = mutation({ recordId: id, changes: newEntry() });
    await h.push(token, 'device-aaaa', [create]);
    const before = await h.dump();

    const other = { ...create, changes: newEntry({ name: 'Autre nom' }) };
    const fresh = mutation({ changes: newEntry({ name: 'Nouveau' }) });
    const res = await h.push(token, 'device-aaaa', [fresh, other]);
    expect(res.status).toBe(422);
    expect(error(res.body).code).toBe('replay_mismatch');
    expect(error(res.body).mutations).toEqual([{ mutationId: create.mutationId, code: 'replay_mismatch', message: expect.any(String) }]);
    expect(await h.dump()).toBe(before);
  });

  it('a mutation id reused by another user is refused', async () => {
    const h = await harness();
    const anim = await h.login('anim.a@example.fr');
    const coord = await h.login('coord.a@example.fr');
    const create = mutation({ changes: newEntry() });
    await h.push(anim, 'device-aaaa', [create]);
    const res = await h.push(coord, 'device-aaaa', [create]);
    expect(res.status).toBe(422);
    expect(error(res.body).mutations?.[0]?.code).toBe('replay_mismatch');
  });
});

describe('merge and conflicts', () => {
  async function withEntry() {
    const h = await harness();
    const anim = await h.login('anim.a@example.fr');
    const coord = await h.login('coord.a@example.fr');
    const id = randomUUID();
    await h.push(anim, 'tablet-anim', [mutation({ recordId: id, changes: newEntry({ phone: '04 77 11 11 11' }) })]);
    const since = (await h.pull(anim)).body.since as number;
    return { h, anim, coord, id, since };
  }

  it('edits of different fields from two devices both stay', async () => {
    const { h, anim, coord, id, since } = await withEntry();
    const a = await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 22 22 22' } })]);
    expect(results(a.body)[0]?.status).toBe('applied');
    const b = await h.push(coord, 'laptop-coord', [mutation({ recordId: id, baseVersion: 1, changes: { notes: 'ouvert le samedi' } })]);
    expect(results(b.body)[0]).toMatchObject({ status: 'merged', conflictIds: [] });
    expect(results(b.body)[0]?.record).toMatchObject({ version: 3, phone: '04 77 22 22 22', notes: 'ouvert le samedi' });
    const pulled = changes((await h.pull(anim, since)).body);
    expect(pulled.map((c) => c.entity)).toEqual(['directoryEntry']);
  });

  it('same field: the later edit wins and the other value goes to a conflict record that is pulled', async () => {
    const { h, anim, coord, id, since } = await withEntry();
    await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 22 22 22' } })]);
    h.advance(5_000);
    const b = await h.push(coord, 'laptop-coord', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 33 33 33' } })]);
    expect(b.status).toBe(200);
    const [result] = results(b.body);
    expect(result?.status).toBe('conflict');
    expect(result?.record.phone).toBe('04 77 33 33 33');
    expect(result?.conflictIds).toHaveLength(1);

    const pulled = changes((await h.pull(anim, since)).body);
    const conflict = pulled.find((c) => c.entity === 'conflictRecord');
    expect(conflict?.record).toEqual({
      id: result?.conflictIds[0],
      version: 1,
      updatedAt: '2026-01-05T08:00:05.000Z',
      deleted: false,
      territoryId: TA,
      entity: 'directoryEntry',
      recordId: id,
      field: 'phone',
      keptValue: '04 77 33 33 33',
      keptBy: COORD_A,
      keptAt: '2026-01-05T08:00:05.000Z',
      otherValue: '04 77 22 22 22',
      otherBy: ANIM_A,
      otherAt: '2026-01-05T08:00:00.000Z',
      status: 'open',
    });
    expect(pulled.find((c) => c.entity === 'directoryEntry')?.record.phone).toBe('04 77 33 33 33');
  });

  it('a device never conflicts with its own earlier edit', async () => {
    const { h, anim, id } = await withEntry();
    await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 22 22 22' } })]);
    const again = await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 44 44 44' } })]);
    expect(results(again.body)[0]).toMatchObject({ status: 'merged', conflictIds: [] });
    expect(results(again.body)[0]?.record.phone).toBe('04 77 44 44 44');
  });

  it('a delete is pulled as a tombstone', async () => {
    const { h, anim, coord, id, since } = await withEntry();
    const del = await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { deleted: true } })]);
    expect(results(del.body)[0]?.record).toMatchObject({ deleted: true, version: 2 });
    const pulled = changes((await h.pull(coord, since)).body);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]?.record).toMatchObject({ id, deleted: true, version: 2, name: 'Relais du Pilat' });
  });

  it('an edit of a record deleted meanwhile keeps it deleted and opens a "deleted" conflict', async () => {
    const { h, anim, coord, id, since } = await withEntry();
    await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { deleted: true } })]);
    const edit = await h.push(coord, 'laptop-coord', [mutation({ recordId: id, baseVersion: 1, changes: { notes: 'toujours actif ?' } })]);
    const [result] = results(edit.body);
    expect(result?.status).toBe('conflict');
    expect(result?.record).toMatchObject({ deleted: true, notes: 'toujours actif ?' });
    const conflicts = changes((await h.pull(anim, since)).body).filter((c) => c.entity === 'conflictRecord');
    expect(conflicts.map((c) => c.record)).toEqual([
      expect.objectContaining({ field: 'deleted', keptValue: true, otherValue: false, keptBy: ANIM_A, otherBy: COORD_A, recordId: id }),
    ]);
  });

  it('a conflict record can be resolved by staff through a push', async () => {
    const { h, anim, coord, id } = await withEntry();
    await h.push(anim, 'tablet-anim', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 22 22 22' } })]);
    const b = await h.push(coord, 'laptop-coord', [mutation({ recordId: id, baseVersion: 1, changes: { phone: '04 77 33 33 33' } })]);
    const conflictId = results(b.body)[0]?.conflictIds[0];
    const resolve = await h.push(anim, 'tablet-anim', [
      mutation({ entity: 'conflictRecord', recordId: conflictId, baseVersion: 1, changes: { status: 'resolved', resolution: 'kept', resolvedBy: ANIM_A, resolvedAt: '2026-01-05T09:00:00.000Z' } }),
    ]);
    expect(resolve.status).toBe(200);
    expect(results(resolve.body)[0]).toMatchObject({ status: 'applied', record: { status: 'resolved', version: 2 } });
  });
});
