import fc from 'fast-check';
import type { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FieldDecryptError,
  decryptChanges,
  decryptFields,
  decryptRecord,
  encryptChanges,
  encryptFields,
  encryptRecord,
  isEnvelope,
  sensitiveFields,
  type FieldEnvelope,
  type StoredRecord,
} from '../../../src/app/crypto/field-crypto';
import { fromBase64, toBase64 } from '../../../src/app/crypto/keys';
import { TourneeDB } from '../../../src/app/db/database';
import { entities, entityNames } from '../../../src/domain/registry';
import { PAYLOADS, UNICODE_PAYLOADS } from '../../server/fuzz/strings';
import { family, familySecrets } from './fixtures';

// Fixed seed: a failure prints the shrunk counterexample and replays identically.
const runs = { seed: 5_310_227, numRuns: 200 };

let key: CryptoKey;
let otherKey: CryptoKey;
beforeAll(async () => {
  const gen = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  [key, otherKey] = await Promise.all([gen(), gen()]);
});

const envelopeAt = (record: StoredRecord, ...path: (string | number)[]): FieldEnvelope => {
  let v: unknown = record;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  if (!isEnvelope(v)) throw new Error(`no envelope at ${path.join('.')}`);
  return v;
};

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    Object.values(v).forEach(deepFreeze);
    Object.freeze(v);
  }
  return v;
}

const hostile = fc.oneof(
  fc.constantFrom(...PAYLOADS, ...UNICODE_PAYLOADS, '{"$enc":1,"iv":"","ct":""}', '__proto__', '\u0000', '\uD800', '\uDFFF\uD800', '"', '\\'),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

describe('field encryption', () => {
  it('replaces each sensitive value by an envelope and leaves the rest as it was', async () => {
    const plain = deepFreeze(family());
    const stored = await encryptRecord('family', plain, key);
    expect(envelopeAt(stored, 'notes')).toEqual({ $enc: 1, iv: expect.any(String), ct: expect.any(String) });
    expect(fromBase64(envelopeAt(stored, 'notes').iv)).toHaveLength(12);
    for (const field of ['firstName', 'lastName', 'phone', 'email']) envelopeAt(stored, 'guardians', 0, field);
    envelopeAt(stored, 'children', 0, 'firstName');
    envelopeAt(stored, 'children', 0, 'birthDate');
    envelopeAt(stored, 'children', 1, 'expectedDate');
    envelopeAt(stored, 'childcareProposals', 0, 'note');
    // Not listed, or absent: untouched.
    const g1 = (stored.guardians as Record<string, unknown>[])[1]!;
    expect('email' in g1).toBe(false);
    expect((stored.children as Record<string, unknown>[])[1]!).not.toHaveProperty('firstName');
    expect(stored).toMatchObject({ id: plain.id, territoryId: plain.territoryId, communeCode: '42224', needs: plain.needs, consent: plain.consent });
    expect((stored.guardians as Record<string, unknown>[])[0]).toMatchObject({ id: plain.guardians[0]!.id, relation: 'mother', languages: ['fr', 'pt'] });
    expect(await decryptRecord('family', stored, key)).toEqual(plain);
  });

  it('draws a new IV for every value', async () => {
    const plain = family();
    const a = await encryptRecord('family', plain, key);
    const b = await encryptRecord('family', plain, key);
    expect(envelopeAt(a, 'notes').iv).not.toBe(envelopeAt(b, 'notes').iv);
    const ivs = [envelopeAt(a, 'notes'), envelopeAt(a, 'guardians', 0, 'phone'), envelopeAt(a, 'guardians', 1, 'phone')].map((e) => e.iv);
    expect(new Set(ivs).size).toBe(3);
  });

  it('leaves a record without sensitive values as it is', async () => {
    const bare = { id: crypto.randomUUID(), guardians: [], children: [{ id: 'c' }], notes: undefined, needs: [] };
    const stored = await encryptFields(bare, sensitiveFields.family, key);
    expect(stored).toEqual(bare);
    expect('childcareProposals' in stored).toBe(false);
  });

  it('round-trips any JSON value at any listed path', async () => {
    const paths = ['notes', 'list[]', 'people[].phone', 'deep.inner.value', 'grid[].cells[]'];
    const item = fc.record({ id: fc.option(fc.uuid(), { nil: undefined }), phone: fc.jsonValue() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            notes: fc.oneof(fc.jsonValue(), hostile),
            list: fc.array(fc.oneof(fc.jsonValue(), hostile), { maxLength: 5 }),
            people: fc.array(item, { maxLength: 4 }),
            deep: fc.record({ inner: fc.record({ value: fc.jsonValue() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
            grid: fc.array(fc.record({ cells: fc.array(hostile, { maxLength: 3 }) }), { maxLength: 3 }),
          },
          { requiredKeys: [] },
        ),
        fc.uuid(),
        async (fields, id) => {
          const plain = deepFreeze({ ...fields, id });
          const stored = await encryptFields(plain, paths, key);
          if (plain.notes !== undefined) expect(isEnvelope(stored.notes)).toBe(true);
          for (const item of (stored.list as unknown[] | undefined) ?? []) expect(isEnvelope(item)).toBe(true);
          expect(await decryptFields(stored, paths, key)).toEqual(plain);
        },
      ),
      runs,
    );
  });

  it('round-trips hostile strings in every sensitive field of a family', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (name, phone, notes) => {
        const plain = family();
        plain.guardians[0]!.lastName = name;
        plain.guardians[1]!.phone = phone;
        plain.notes = notes;
        plain.children[0]!.firstName = name + notes;
        const stored = await encryptRecord('family', plain, key);
        expect(isEnvelope(stored.notes)).toBe(true);
        expect(await decryptRecord('family', stored, key)).toEqual(plain);
      }),
      { ...runs, numRuns: 100 },
    );
  });

  it('reads values that were stored before encryption was on', async () => {
    const plain = family();
    expect(await decryptRecord('family', plain, key)).toEqual(plain);
  });
});

describe('tampering and misuse', () => {
  it('refuses another key', async () => {
    const stored = await encryptRecord('family', family(), key);
    await expect(decryptRecord('family', stored, otherKey)).rejects.toBeInstanceOf(FieldDecryptError);
  });

  it('refuses an altered ciphertext, tag or IV, naming the field', async () => {
    const stored = await encryptRecord('family', family(), key);
    const env = envelopeAt(stored, 'notes');
    const ct = fromBase64(env.ct);
    const alter = (bytes: Uint8Array<ArrayBuffer>, at: number) => {
      const copy = bytes.slice();
      copy[at] = copy[at]! ^ 0x80;
      return toBase64(copy);
    };
    const variants: FieldEnvelope[] = [
      { ...env, ct: alter(ct, 0) },
      { ...env, ct: alter(ct, ct.length - 1) },
      { ...env, ct: toBase64(ct.slice(0, -1)) },
      { ...env, iv: alter(fromBase64(env.iv), 5) },
      { ...env, iv: toBase64(new Uint8Array(16)) },
      { ...env, iv: 'pas du base64 !' },
    ];
    for (const notes of variants) {
      const err = await decryptRecord('family', { ...stored, notes }, key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FieldDecryptError);
      expect((err as FieldDecryptError).path).toBe('notes');
      expect((err as Error).message).not.toContain('Séparation');
    }
  });

  it('refuses a ciphertext moved to another record', async () => {
    const a = await encryptRecord('family', family(), key);
    const b = await encryptRecord('family', family(), key);
    await expect(decryptRecord('family', { ...b, notes: a.notes }, key)).rejects.toBeInstanceOf(FieldDecryptError);
    // The same record under another id: the id is bound too.
    await expect(decryptRecord('family', { ...a, id: crypto.randomUUID() }, key)).rejects.toBeInstanceOf(FieldDecryptError);
  });

  it('refuses a ciphertext moved to another field or another list item', async () => {
    const plain = family();
    const stored = await encryptRecord('family', plain, key);
    const guardians = stored.guardians as Record<string, unknown>[];
    const swapped = [{ ...guardians[0], phone: guardians[1]!.phone }, guardians[1]];
    await expect(decryptRecord('family', { ...stored, guardians: swapped }, key)).rejects.toThrow(`guardians["${plain.guardians[0]!.id}"].phone`);
    const moved = [{ ...guardians[0], lastName: guardians[0]!.firstName }, guardians[1]];
    await expect(decryptRecord('family', { ...stored, guardians: moved }, key)).rejects.toBeInstanceOf(FieldDecryptError);
    const proposals = stored.childcareProposals as Record<string, unknown>[];
    await expect(decryptRecord('family', { ...stored, notes: proposals[0]!.note }, key)).rejects.toBeInstanceOf(FieldDecryptError);
  });

  it('keeps list items readable when the list is reordered, since they are bound to their id', async () => {
    const plain = family();
    const stored = await encryptRecord('family', plain, key);
    const reordered = { ...stored, guardians: [...(stored.guardians as unknown[])].reverse() };
    const back = await decryptRecord('family', reordered, key);
    expect(back.guardians).toEqual([...plain.guardians].reverse());
  });

  it('binds items without an id to their index', async () => {
    const stored = await encryptFields({ id: 'r', tags: ['aide CAF', 'logement'] }, ['tags[]'], key);
    await expect(decryptFields({ ...stored, tags: [...(stored.tags as unknown[])].reverse() }, ['tags[]'], key)).rejects.toBeInstanceOf(FieldDecryptError);
  });

  it('refuses a record without an id and a malformed path', async () => {
    await expect(encryptFields({ id: '' }, ['notes'], key)).rejects.toThrow(/id/);
    await expect(encryptFields({ id: 'r', notes: 'x' }, ['notes..x'], key)).rejects.toThrow(/invalid field path/);
    await expect(encryptFields({ id: 'r', notes: 'x' }, ['__proto__.x'], key)).rejects.toThrow(/invalid field path/);
  });
});

describe('outbox changes', () => {
  it('encrypts the sensitive values of an edit, bound to its record', async () => {
    const recordId = crypto.randomUUID();
    const changes = { notes: 'Appeler la PMI lundi', needs: ['childcare'], territoryId: 'T', deleted: false };
    const sealed = await encryptChanges('family', recordId, changes, key);
    expect(isEnvelope(sealed.notes)).toBe(true);
    expect(sealed).not.toHaveProperty('id');
    expect(sealed).toMatchObject({ needs: ['childcare'], territoryId: 'T', deleted: false });
    expect(await decryptChanges('family', recordId, sealed, key)).toEqual(changes);
    await expect(decryptChanges('family', crypto.randomUUID(), sealed, key)).rejects.toBeInstanceOf(FieldDecryptError);
  });

  it('encrypts a cleared field too: null says a value existed', async () => {
    const sealed = await encryptChanges('intakeRequest', 'r1', { message: null }, key);
    expect(isEnvelope(sealed.message)).toBe(true);
    expect(await decryptChanges('intakeRequest', 'r1', sealed, key)).toEqual({ message: null });
  });
});

describe('the list of sensitive fields', () => {
  /** The schema at a path (`a[].b`), unwrapping optionals and arrays; undefined when it does not exist. */
  function schemaAt(shape: Record<string, z.ZodType>, path: string): z.ZodType | undefined {
    let current: z.ZodType | undefined = undefined;
    let fields: Record<string, z.ZodType> | undefined = shape;
    for (const part of path.split('.')) {
      const name = part.replace(/\[\]$/, '');
      current = fields?.[name];
      if (!current) return undefined;
      while (current.def.type === 'optional' || current.def.type === 'nullable') current = (current as z.ZodOptional).unwrap() as z.ZodType;
      if (part.endsWith('[]')) {
        if (current.def.type !== 'array') return undefined;
        current = (current as z.ZodArray).element as z.ZodType;
      }
      fields = current.def.type === 'object' ? (current as z.ZodObject).shape : undefined;
    }
    return current;
  }

  it.each(entityNames)('%s: every path names a real field', (entity) => {
    const shape = entities[entity].fields.shape as Record<string, z.ZodType>;
    for (const path of sensitiveFields[entity]) expect(schemaAt(shape, path), path).toBeDefined();
  });

  it('encrypts no field that a Dexie index reads', () => {
    const db = new TourneeDB(`indexes-${crypto.randomUUID()}`);
    for (const entity of entityNames) {
      const table = db.table(entities[entity].table);
      const indexed = [table.schema.primKey, ...table.schema.indexes].flatMap((i) => (Array.isArray(i.keyPath) ? i.keyPath : [i.keyPath ?? '']));
      const top = sensitiveFields[entity].map((p) => p.split(/[.[]/)[0] ?? p);
      expect(top.filter((f) => indexed.includes(f)), entity).toEqual([]);
    }
  });

  it('covers the fields the design names', () => {
    expect(sensitiveFields.family).toEqual(
      expect.arrayContaining(['guardians[].firstName', 'guardians[].lastName', 'guardians[].phone', 'guardians[].email', 'children[].firstName', 'notes', 'childcareProposals[].note']),
    );
    expect(sensitiveFields.intakeRequest).toEqual(expect.arrayContaining(['phone', 'name', 'message']));
    expect(sensitiveFields.appointment).toContain('notes');
    expect(sensitiveFields.sessionLog).toContain('notes');
  });

  it('a family file in clear holds none of its secrets once encrypted', async () => {
    const plain = family();
    const text = JSON.stringify(await encryptRecord('family', plain, key));
    for (const secret of familySecrets(plain)) expect(text).not.toContain(secret);
  });
});
