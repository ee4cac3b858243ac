/**
 * Erasing a family on one tablet reaches the other: after its next pull, the second tablet holds
 * only tombstones with no personal data left, for the file, its request, its appointment and
 * the confidential support note (emptied by the server, since the eraser may not write it).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { createRecord, updateRecord } from '../../src/app/db/repository';
import { eraseFamilies } from '../../src/app/families/family-data';
import { ERASED_PHONE } from '../../src/domain/families/erase';
import { entityNames } from '../../src/domain/registry';
import { T1, accounts, device, startServer, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

/** Everything a device keeps in its record tables, as one string to search. */
async function everything(db: TourneeDB): Promise<string> {
  const all = await Promise.all(entityNames.map((e) => db.records(e).toArray()));
  return JSON.stringify(all);
}

describe('erasure of a family across devices', () => {
  it('a second tablet loses the family’s data after pulling', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const family = await createRecord(a.db, 'family', T1, {
      guardians: [{ id: crypto.randomUUID(), firstName: 'Zoé', lastName: 'Marchetti', phone: '06 77 88 99 00' }],
      children: [{ id: crypto.randomUUID(), firstName: 'Ilyès', birthDate: '2025-05-05' }],
      needs: ['parenting_support'],
      notes: 'Séparation récente',
    });
    const request = await createRecord(a.db, 'intakeRequest', T1, {
      phone: '06 77 88 99 00',
      name: 'Zoé Marchetti',
      childBirthDate: '2025-05-05',
      needs: ['parenting_support'],
      status: 'in_progress',
      receiptCode: 'ZM2026',
      consent: { textVersion: '2026-01', givenAt: '2026-01-02T09:00:00.000Z' },
      familyId: family.id,
    });
    await createRecord(a.db, 'appointment', T1, { kind: 'parenting_support', status: 'confirmed', start: '2026-02-03T08:00:00.000Z', end: '2026-02-03T09:00:00.000Z', timeZone: 'Europe/Paris', familyId: family.id, notes: 'Apporter le carnet de santé' });
    // Bob is the family's referent, so he receives Alice's confidential note.
    await updateRecord(a.db, 'family', family.id, { referentId: accounts.bob.userId });
    await createRecord(a.db, 'supportNote', T1, { familyId: family.id, authorId: accounts.alice.userId, date: '2026-01-10', durationMinutes: 60, note: 'Fatigue parentale' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    const before = await everything(b.db);
    for (const secret of ['Marchetti', '06 77 88 99 00', 'Séparation récente', 'Fatigue parentale', 'Apporter le carnet']) expect(before).toContain(secret);

    const report = await eraseFamilies(a.db, T1, [family.id]);
    expect(report).toEqual({ families: 1, intakeRequests: 1, appointments: 1, busEnrollments: 0 });
    await a.sync.syncNow();
    expect(await a.db.outbox.toArray()).toEqual([]);
    await b.sync.syncNow();

    const onB = await b.db.records('family').get(family.id);
    expect(onB).toMatchObject({ deleted: true, guardians: [], children: [], needs: [] });
    expect(onB?.erasedAt).toBeDefined();
    expect(await b.db.records('intakeRequest').get(request.id)).toMatchObject({ deleted: true, phone: ERASED_PHONE, receiptCode: 'ZM2026' });
    const notes = await b.db.records('supportNote').toArray();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ deleted: true, note: '' });
    const after = await everything(b.db);
    for (const secret of ['Marchetti', 'Zoé', 'Ilyès', '06 77 88 99 00', '2025-05-05', 'Séparation récente', 'Fatigue parentale', 'Apporter le carnet']) expect(after).not.toContain(secret);
    // The device that erased ends the same once it has pulled the server's own edit of the note.
    await a.sync.syncNow();
    expect(await everything(a.db)).not.toContain('Fatigue parentale');
  });
});
