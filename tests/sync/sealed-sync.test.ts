/**
 * Encryption at rest wired into the local database and sync (docs/encryption.md): records,
 * outbox and session written on one tablet and pulled by another are read back in clear through
 * Dexie, while the raw IndexedDB content of both holds no sensitive value.
 */
import { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import { loadSession } from '../../src/app/auth/session';
import { LockedError } from '../../src/app/crypto/pin-lock';
import { TourneeDB } from '../../src/app/db/database';
import { createRecord, updateRecord } from '../../src/app/db/repository';
import type { FieldsOf } from '../../src/domain/registry';
import { leakedSecrets, rawDatabase } from '../app/crypto/raw-idb';
import { COMMUNE, T1, lockVault, sealedDevice, startServer, unlockWithNewKey } from './harness';

const AT = '2026-03-01T10:00:00.000Z';

function familyFields(): FieldsOf<'family'> {
  return {
    guardians: [{ id: crypto.randomUUID(), firstName: 'Bénédicte', lastName: 'Mathevon-Chambon', phone: '06 12 34 56 78', email: 'benedicte.mathevon@example.fr', relation: 'mother' }],
    children: [{ id: crypto.randomUUID(), firstName: 'Maëlle', birthDate: '2024-02-29' }],
    communeCode: COMMUNE,
    needs: ['childcare'],
    consent: { textVersion: '2025-01', givenAt: AT },
    notes: 'Séparation récente, suivi PMI, appeler après 17 h.',
  };
}

function intakeFields(): FieldsOf<'intakeRequest'> {
  return {
    phone: '07 61 23 45 89',
    name: 'Karima Benali-Fayolle',
    childBirthDate: '2025-11-03',
    message: 'Je cherche une assistante maternelle, horaires de nuit.',
    needs: ['childcare'],
    status: 'received',
    receiptCode: 'K7M2Q9',
    consent: { textVersion: '2025-01', givenAt: AT },
  };
}

const secrets = [
  'Bénédicte',
  'Mathevon',
  '06 12 34 56 78',
  'benedicte.mathevon@example.fr',
  'Maëlle',
  '2024-02-29',
  'Séparation récente',
  '07 61 23 45 89',
  'Karima',
  'Benali',
  '2025-11-03',
  'horaires de nuit',
  'Nouvelle adresse',
];

describe('sealed local database and sync', () => {
  it('writes, pushes and pulls family and intake records with no sensitive value in clear on either tablet', async () => {
    const server = await startServer();
    const a = await sealedDevice(server, 'alice');
    const b = await sealedDevice(server, 'bob');
    const family = await createRecord(a.db, 'family', T1, familyFields());
    const request = await createRecord(a.db, 'intakeRequest', T1, intakeFields());
    await updateRecord(a.db, 'family', family.id, { notes: 'Nouvelle adresse : 3 impasse des Acacias.' });

    // Through Dexie the screens read plain values, the outbox included.
    expect((await a.db.records('family').get(family.id))?.guardians[0]?.phone).toBe('06 12 34 56 78');
    expect((await a.db.outbox.orderBy('seq').last())?.changes).toEqual({ notes: 'Nouvelle adresse : 3 impasse des Acacias.' });
    const before = await leakedSecrets(a.db.name, secrets);
    expect(before.leaked).toEqual([]);
    expect(before.raw).toContain('"$enc":1');
    expect(before.raw).toContain('K7M2Q9'); // not sensitive: read in clear by the test, so it did read the records

    await a.sync.syncNow();
    expect(a.sync.getState()).toMatchObject({ phase: 'idle', error: undefined });
    await b.sync.syncNow();
    expect(await b.db.records('intakeRequest').get(request.id)).toMatchObject({ phone: '07 61 23 45 89', name: 'Karima Benali-Fayolle' });
    expect((await b.db.records('family').get(family.id))?.notes).toBe('Nouvelle adresse : 3 impasse des Acacias.');

    for (const db of [a.db, b.db]) expect((await leakedSecrets(db.name, secrets)).leaked).toEqual([]);
    // The session token, which pulls everything, is sealed too.
    const token = (await loadSession(b.db))?.token;
    expect(token && token.length > 10).toBe(true);
    expect(JSON.stringify(await rawDatabase(b.db.name))).not.toContain(token);
  });

  it('a pulled record with a local edit pending keeps the edit, sealed', async () => {
    const server = await startServer();
    const a = await sealedDevice(server, 'alice');
    const b = await sealedDevice(server, 'bob');
    const family = await createRecord(a.db, 'family', T1, familyFields());
    await a.sync.syncNow();
    await b.sync.syncNow();
    // Bob edits offline while Alice changes another field on the server.
    b.online = false;
    await updateRecord(b.db, 'family', family.id, { notes: 'Nouvelle adresse chez la grand-mère.' });
    await updateRecord(a.db, 'family', family.id, { needs: ['childcare', 'paperwork'] });
    await a.sync.syncNow();
    b.online = true;
    await b.sync.syncNow();
    const merged = await b.db.records('family').get(family.id);
    expect(merged).toMatchObject({ notes: 'Nouvelle adresse chez la grand-mère.', needs: ['childcare', 'paperwork'] });
    expect(await b.db.outbox.count()).toBe(0);
    expect((await leakedSecrets(b.db.name, secrets)).leaked).toEqual([]);
  });

  it('while locked: reads give envelopes, writes are refused, sync stops without sending anything', async () => {
    const server = await startServer();
    const a = await sealedDevice(server, 'alice');
    const family = await createRecord(a.db, 'family', T1, familyFields());
    lockVault(a.db);
    const stored = await a.db.records('family').get(family.id);
    expect(JSON.stringify(stored)).not.toContain('Bénédicte');
    expect(stored?.notes).toMatchObject({ $enc: 1 });
    await expect(createRecord(a.db, 'family', T1, familyFields())).rejects.toBeInstanceOf(LockedError);
    // A direct write of a value in clear is refused by the middleware as well.
    await expect(a.db.records('family').put({ ...family, notes: 'en clair' })).rejects.toBeInstanceOf(LockedError);
    const pushes: string[] = [];
    a.hook = (req, forward) => {
      pushes.push(req.url);
      return forward();
    };
    await a.sync.syncNow();
    expect(a.sync.getState().phase).toBe('idle');
    expect(pushes.filter((u) => u.includes('/sync/push'))).toEqual([]);
    expect(await a.db.outbox.count()).toBe(1);
  });

  it('a revoked device is told so by its next sync', async () => {
    const server = await startServer();
    const a = await sealedDevice(server, 'alice');
    a.hook = async () =>
      new Response(JSON.stringify({ error: { code: 'session_revoked', message: 'Cet appareil a été déconnecté par un administrateur.' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    const told: string[] = [];
    a.sync.onRevoked((m) => told.push(m));
    await a.sync.syncNow();
    expect(told).toEqual(['Cet appareil a été déconnecté par un administrateur.']);
  });

  it('a value written in clear inside a caller’s transaction is sealed by the middleware', async () => {
    const db = new TourneeDB(`sealed-${crypto.randomUUID()}`);
    await unlockWithNewKey(db);
    const family = await createRecord(db, 'family', T1, familyFields());
    await db.transaction('rw', db.records('family'), db.outbox, async () => {
      await updateRecord(db, 'family', family.id, { notes: 'Nouvelle adresse, écrite dans une transaction.' });
      await db.records('family').where('id').equals(family.id).modify({ communeCode: '42023' });
    });
    expect(await db.records('family').get(family.id)).toMatchObject({ notes: 'Nouvelle adresse, écrite dans une transaction.', communeCode: '42023' });
    expect((await leakedSecrets(db.name, [...secrets, 'écrite dans une transaction'])).leaked).toEqual([]);
  });

  it('records stored in clear before the device had a key are sealed in place', async () => {
    const db = new TourneeDB(`legacy-${crypto.randomUUID()}`);
    const family = await createRecord(db, 'family', T1, familyFields());
    await createRecord(db, 'intakeRequest', T1, intakeFields());
    expect((await leakedSecrets(db.name, secrets)).leaked.length).toBeGreaterThan(5);
    await unlockWithNewKey(db);
    expect(await db.vault.sealStoredPlaintext()).toBe(4); // two records, two outbox entries
    expect((await leakedSecrets(db.name, secrets)).leaked).toEqual([]);
    expect((await db.records('family').get(family.id))?.children[0]?.firstName).toBe('Maëlle');
  });

  it('a live query shows a record another tab sealed, decrypted in the background, and runs again', async () => {
    const name = `tabs-${crypto.randomUUID()}`;
    const first = new TourneeDB(name);
    const key = await unlockWithNewKey(first);
    const second = new TourneeDB(name);
    second.vault.attach({ current: () => key });
    await second.vault.open();
    const seen: unknown[] = [];
    const sub = liveQuery(() => first.records('family').toArray()).subscribe((v) => seen.push(v.map((f) => f.notes)));
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    await createRecord(second, 'family', T1, familyFields());
    await expect.poll(() => JSON.stringify(seen.at(-1))).toBe(JSON.stringify(['Séparation récente, suivi PMI, appeler après 17 h.']));
    sub.unsubscribe();
  });
});
