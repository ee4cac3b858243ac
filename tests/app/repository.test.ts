import { beforeEach, describe, expect, it } from 'vitest';
import { TourneeDB } from '../../src/app/db/database';
import { StorageError, ValidationError, createRecord, deleteRecord, updateRecord } from '../../src/app/db/repository';
import { LockedError } from '../../src/app/crypto/pin-lock';
import { lockVault, unlockWithNewKey } from './crypto/vault-keys';
import { rawDatabase } from './crypto/raw-idb';

const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
let db: TourneeDB;
beforeEach(() => {
  db = new TourneeDB(`repo-${crypto.randomUUID()}`);
});

const fields = { kind: 'mam' as const, name: 'MAM Les Coccinelles', communeCode: '42023' };

describe('local repository', () => {
  it('writes the record and its outbox entry together', async () => {
    const rec = await createRecord(db, 'directoryEntry', T, fields);
    expect(rec).toMatchObject({ ...fields, version: 0, deleted: false, territoryId: T });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ entity: 'directoryEntry', recordId: rec.id, baseVersion: 0, state: 'pending' });
    expect(entry?.changes).toMatchObject({ ...fields, deleted: false, territoryId: T });
  });

  it('queues only the fields that changed, and null for a cleared field', async () => {
    const rec = await createRecord(db, 'directoryEntry', T, { ...fields, phone: '04 77 00 00 00' });
    await updateRecord(db, 'directoryEntry', rec.id, { ...fields, name: 'MAM Coccinelles', phone: undefined });
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries[1]?.changes).toEqual({ name: 'MAM Coccinelles', phone: null });
    const stored = await db.records('directoryEntry').get(rec.id);
    expect(stored && 'phone' in stored).toBe(false);
  });

  it('an edit that changes nothing queues nothing', async () => {
    const rec = await createRecord(db, 'directoryEntry', T, fields);
    await updateRecord(db, 'directoryEntry', rec.id, { name: fields.name });
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses invalid data before writing anything, naming the field', async () => {
    const err = await createRecord(db, 'directoryEntry', T, { ...fields, phone: 'abc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toContain('phone');
    expect(await db.records('directoryEntry').count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('deleting leaves a tombstone that is queued', async () => {
    const rec = await createRecord(db, 'directoryEntry', T, fields);
    await deleteRecord(db, 'directoryEntry', rec.id);
    expect((await db.records('directoryEntry').get(rec.id))?.deleted).toBe(true);
    expect((await db.outbox.orderBy('seq').last())?.changes).toEqual({ deleted: true });
  });

  it('append-only records cannot be edited', async () => {
    const ev = await createRecord(db, 'attendanceEvent', T, {
      sessionId: crypto.randomUUID(),
      childId: crypto.randomUUID(),
      type: 'check_in',
      at: new Date().toISOString(),
      recordedBy: crypto.randomUUID(),
    });
    await expect(updateRecord(db, 'attendanceEvent', ev.id, { type: 'check_out' })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a full disk is reported as a storage error and nothing half-written remains', async () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    db.outbox.hook('creating', () => {
      throw quota;
    });
    const err = await createRecord(db, 'directoryEntry', T, fields).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(await db.records('directoryEntry').count()).toBe(0);
  });
});

describe('local repository with the vault open', () => {
  const family = {
    guardians: [{ id: '5d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71', firstName: 'Bénédicte', phone: '06 12 34 56 78', relation: 'mother' as const }],
    children: [{ id: '5d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f72', firstName: 'Maëlle', birthDate: '2024-02-29' }],
    needs: ['childcare' as const],
    notes: 'Suivi PMI, appeler après 17 h.',
  };

  it('stores the record and its outbox entry sealed, and reads them back in clear', async () => {
    await unlockWithNewKey(db);
    const rec = await createRecord(db, 'family', T, family);
    expect(await db.records('family').get(rec.id)).toEqual(rec);
    expect((await db.outbox.toArray())[0]?.changes).toMatchObject(family);
    const raw = await rawDatabase(db.name);
    expect(JSON.stringify(raw.families)).not.toMatch(/Bénédicte|06 12 34 56 78|Maëlle|2024-02-29|Suivi PMI/);
    expect(JSON.stringify(raw.outbox)).not.toMatch(/Bénédicte|06 12 34 56 78|Maëlle|2024-02-29|Suivi PMI/);
  });

  it('an edit keeps the ciphertext of the values it did not change, and queues only the change', async () => {
    await unlockWithNewKey(db);
    const rec = await createRecord(db, 'family', T, family);
    const before = (await rawDatabase(db.name)).families![0] as { guardians: unknown; notes: unknown };
    await updateRecord(db, 'family', rec.id, { ...family, notes: 'Nouvelle adresse.' });
    const after = (await rawDatabase(db.name)).families![0] as { guardians: unknown; notes: unknown };
    expect(after.guardians).toEqual(before.guardians);
    expect(after.notes).not.toEqual(before.notes);
    expect((await db.outbox.orderBy('seq').last())?.changes).toEqual({ notes: 'Nouvelle adresse.' });
  });

  it('refuses to write while locked, and writes nothing', async () => {
    await unlockWithNewKey(db);
    lockVault(db);
    await expect(createRecord(db, 'family', T, family)).rejects.toBeInstanceOf(LockedError);
    expect(await db.records('family').count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
