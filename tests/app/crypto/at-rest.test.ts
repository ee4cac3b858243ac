// What a thief reading the IndexedDB files would see: records written through Dexie, read back
// with the bare IndexedDB API, never through the decryption code.
import { describe, expect, it } from 'vitest';
import { encryptChanges, encryptRecord, type StoredRecord } from '../../../src/app/crypto/field-crypto';
import { MIN_ITERATIONS, createKeyring } from '../../../src/app/crypto/keys';
import { TourneeDB } from '../../../src/app/db/database';
import type { RecordOf } from '../../../src/domain/registry';
import { T, family, familySecrets } from './fixtures';

function rawObjects(dbName: string, storeName: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const idb = open.result;
      const req = idb.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      req.onsuccess = () => {
        idb.close();
        resolve(req.result as unknown[]);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

const AT = '2026-03-01T10:00:00.000Z';

function intake(): RecordOf<'intakeRequest'> {
  return {
    id: crypto.randomUUID(),
    version: 1,
    updatedAt: AT,
    deleted: false,
    territoryId: T,
    phone: '07 61 23 45 89',
    name: 'Karima Benali-Fayolle',
    childBirthDate: '2025-11-03',
    message: 'Je cherche une assistante maternelle à partir de septembre, horaires de nuit.',
    needs: ['childcare'],
    status: 'received',
    receiptCode: 'K7M2Q9',
    consent: { textVersion: '2025-01', givenAt: AT },
  };
}

describe('encrypted at rest', () => {
  it('leaves no sensitive value in clear in the raw object stores', async () => {
    const { dataKey } = await createKeyring('482913', { iterations: MIN_ITERATIONS });
    const db = new TourneeDB(`at-rest-${crypto.randomUUID()}`);
    const families = [family(), family()];
    const request = intake();
    await db.table<StoredRecord, string>('families').bulkPut(await Promise.all(families.map((f) => encryptRecord('family', f, dataKey))));
    await db.table<StoredRecord, string>('intakeRequests').put(await encryptRecord('intakeRequest', request, dataKey));
    // The outbox holds the same values: an edit of a family's notes and guardians.
    const edit = { notes: 'Nouvelle adresse : 3 impasse des Acacias, Pélussin', guardians: families[0]!.guardians };
    await db.outbox.add({
      mutationId: crypto.randomUUID(),
      entity: 'family',
      recordId: families[0]!.id,
      baseVersion: 3,
      territoryId: T,
      changes: await encryptChanges('family', families[0]!.id, edit, dataKey),
      at: AT,
      state: 'pending',
    });
    db.close();

    const raw = JSON.stringify({
      families: await rawObjects(db.name, 'families'),
      intakeRequests: await rawObjects(db.name, 'intakeRequests'),
      outbox: await rawObjects(db.name, 'outbox'),
    });
    const secrets = [...families.flatMap(familySecrets), request.phone, request.name!, request.childBirthDate!, request.message!, edit.notes];
    expect(secrets.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(raw, secret).not.toContain(JSON.stringify(secret).slice(1, -1));
      expect(raw, secret).not.toContain(secret);
    }
    // Nor a telling piece of one (long enough not to turn up in base64 by chance).
    for (const piece of ['Mathevon', 'Souvignet', 'Bénédicte', 'Maëlle', 'Benali', '0612345678', '61 23 45', 'suivi PMI', 'Acacias']) {
      expect(raw).not.toContain(piece);
    }
    // The test did read the stored records: what is not sensitive is there in clear.
    for (const plain of [families[0]!.id, T, '42224', 'parenting_support', 'K7M2Q9', 'MAM Les Coccinelles', '"$enc":1']) {
      expect(raw).toContain(plain);
    }
  });
});
