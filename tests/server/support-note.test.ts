/**
 * Parenting-support notes are confidential: the server sends a note only to its author and to
 * the family's referent, refuses a write by anyone else, and carries the notes along when the
 * file is handed to a new referent, merged or erased.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANIM_A, COORD_A, changes, error, harness, mutation, type Harness } from './helpers';

const familyFields = { guardians: [{ id: randomUUID(), firstName: 'Awa', phone: '06 11 22 33 44' }], children: [], needs: ['parenting_support'] };
const noteFields = (authorId: string, familyId: string, note = 'Fatigue, sommeil difficile ; orientée vers la PMI.') => ({
  familyId,
  authorId,
  date: '2026-01-05',
  durationMinutes: 60,
  note,
  orientations: ['pmi'],
});

async function setUp(h: Harness) {
  const anim = await h.login('anim.a@example.fr');
  const coord = await h.login('coord.a@example.fr');
  const familyId = randomUUID();
  const noteId = randomUUID();
  const created = await h.push(anim, 'tablet-anim', [
    mutation({ entity: 'family', recordId: familyId, changes: familyFields }),
    mutation({ entity: 'supportNote', recordId: noteId, changes: noteFields(ANIM_A, familyId) }),
  ]);
  expect(created.status).toBe(200);
  return { anim, coord, familyId, noteId };
}

async function pulled(h: Harness, token: string, entity: string): Promise<Record<string, unknown>[]> {
  const res = await h.pull(token, 0, 1000);
  return changes(res.body)
    .filter((c) => c.entity === entity)
    .map((c) => c.record);
}

describe('parenting-support notes', () => {
  it('reach their author, not another member of staff of the territory, not even the coordinator', async () => {
    const h = await harness();
    const { anim, coord, noteId, familyId } = await setUp(h);
    expect((await pulled(h, anim, 'supportNote')).map((r) => r.id)).toEqual([noteId]);
    expect(await pulled(h, coord, 'supportNote')).toEqual([]);
    // The family file itself is shared with the territory as before.
    expect((await pulled(h, coord, 'family')).map((r) => r.id)).toContain(familyId);
  });

  it('refuse a write by anyone but the author or the referent, and nothing of that push is applied', async () => {
    const h = await harness();
    const { coord, familyId, noteId } = await setUp(h);
    const before = await h.dump();

    const edit = await h.push(coord, 'desk-coord', [mutation({ entity: 'supportNote', recordId: noteId, baseVersion: 1, changes: { note: 'réécrit' } })]);
    expect(edit.status).toBe(403);
    expect(error(edit.body).code).toBe('forbidden');
    expect(error(edit.body).mutations?.[0]?.message).toMatch(/confidentielle/);

    // Writing in someone else's name is refused too, and a whole push goes with it.
    const forged = await h.push(coord, 'desk-coord', [
      mutation({ entity: 'directoryEntry', changes: { kind: 'rpe', name: 'Relais' } }),
      mutation({ entity: 'supportNote', changes: noteFields(ANIM_A, familyId, 'faux') }),
    ]);
    expect(forged.status).toBe(403);
    expect(await h.dump()).toBe(before);
  });

  it('go to a new referent, who may then edit them', async () => {
    const h = await harness();
    const { coord, familyId, noteId } = await setUp(h);
    const handed = await h.push(coord, 'desk-coord', [mutation({ entity: 'family', recordId: familyId, baseVersion: 1, changes: { referentId: COORD_A } })]);
    expect(handed.status).toBe(200);
    // The note did not change, yet it is in the new referent's feed.
    expect((await pulled(h, coord, 'supportNote')).map((r) => r.id)).toEqual([noteId]);

    const [note] = await pulled(h, coord, 'supportNote');
    const edited = await h.push(coord, 'desk-coord', [mutation({ entity: 'supportNote', recordId: noteId, baseVersion: note!.version as number, changes: { durationMinutes: 45 } })]);
    expect(edited.status).toBe(200);
  });

  it('are not leaked through a conflict record', async () => {
    const h = await harness();
    const { anim, coord, noteId } = await setUp(h);
    const one = await h.push(anim, 'tablet-one', [mutation({ entity: 'supportNote', recordId: noteId, baseVersion: 1, changes: { note: 'version une' } })]);
    const two = await h.push(anim, 'tablet-two', [mutation({ entity: 'supportNote', recordId: noteId, baseVersion: 1, changes: { note: 'version deux' } })]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const mine = (await pulled(h, anim, 'conflictRecord')).filter((c) => c.recordId === noteId);
    expect(mine).toHaveLength(1);
    expect((await pulled(h, coord, 'conflictRecord')).filter((c) => c.recordId === noteId)).toEqual([]);
  });

  it('follow their file when it is merged, and are emptied when it is erased', async () => {
    const h = await harness();
    const { anim, familyId, noteId } = await setUp(h);
    const other = randomUUID();
    const merge = await h.push(anim, 'tablet-anim', [
      mutation({ entity: 'family', recordId: other, changes: familyFields }),
      mutation({ entity: 'family', recordId: familyId, baseVersion: 1, changes: { deleted: true, mergedInto: other, guardians: [] } }),
    ]);
    expect(merge.status).toBe(200);
    const [moved] = await pulled(h, anim, 'supportNote');
    expect(moved).toMatchObject({ id: noteId, familyId: other, deleted: false });

    const erase = await h.push(anim, 'tablet-anim', [mutation({ entity: 'family', recordId: other, baseVersion: 1, changes: { deleted: true, erasedAt: '2026-01-05T08:00:00.000Z', guardians: [] } })]);
    expect(erase.status).toBe(200);
    const [erased] = await pulled(h, anim, 'supportNote');
    expect(erased).toMatchObject({ id: noteId, deleted: true, note: '' });
    expect(erased).not.toHaveProperty('orientations');
    expect(await h.dump()).not.toContain('sommeil difficile');

    // An edit made offline before the erasure arrives after it: accepted, and emptied again.
    const late = await h.push(anim, 'tablet-late', [mutation({ entity: 'supportNote', recordId: noteId, baseVersion: 1, changes: { note: 'écrit hors ligne' } })]);
    expect(late.status).toBe(200);
    expect(await h.dump()).not.toContain('écrit hors ligne');
  });
});
