import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needKinds } from '../../../src/domain/entities/family';
import { childCovers, documentCovers, guardianCovers, mergeFamilyFields, type FamilyFields } from '../../../src/domain/families/merge';
import { fieldsSchema } from '../../../src/domain/registry';

const runs = { seed: 51_202_611, numRuns: 300 };

// Small pools so that the same person, the same phone in another form and clashing names are frequent.
const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c', '00000000-0000-4000-8000-00000000000d'];
const id = fc.constantFrom(...ids);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const guardian = fc
  .record({
    id,
    firstName: maybe(fc.constantFrom('Awa', 'awa', 'Léa', 'Moussa', '')),
    lastName: maybe(fc.constantFrom('Diallo', 'DIALLO', 'Payet')),
    phone: maybe(fc.constantFrom('06 12 34 56 78', '+33612345678', '0692 40 11 22')),
    email: maybe(fc.constantFrom('a@b.fr', 'A@B.fr', 'c@d.fr')),
    relation: maybe(fc.constantFrom('mother' as const, 'father' as const)),
    languages: maybe(fc.uniqueArray(fc.constantFrom('fr', 'wo', 'ar'), { maxLength: 3 })),
  })
  .map(strip);
const child = fc
  .record({
    id,
    firstName: maybe(fc.constantFrom('Noah', 'NOAH', 'Lina')),
    birthDate: fc.constantFrom('2024-03-01', '2025-02-14'),
  })
  .map(strip);
const doc = fc
  .record({ id, label: fc.constantFrom('Attestation CAF', 'attestation caf', 'Bulletin de salaire'), status: fc.constantFrom('missing' as const, 'received' as const), note: maybe(fc.constantFrom('copie', 'original')) })
  .map((d) => strip({ ...d, receivedAt: d.status === 'received' ? '2026-01-04' : undefined }));
const proposal = fc.record({
  id,
  directoryEntryId: id,
  entryName: fc.constantFrom('Nathalie', 'Les Lutins'),
  startDate: fc.constant('2026-03-01'),
  proposedAt: fc.constant('2026-01-02T08:00:00.000Z'),
  proposedBy: id,
  status: fc.constantFrom('proposed' as const, 'declined' as const),
});
const uniqueById = <T extends { id: string }>(arb: fc.Arbitrary<T>, max: number) => fc.uniqueArray(arb, { maxLength: max, selector: (x) => x.id });

const familyFields: fc.Arbitrary<FamilyFields> = fc
  .record({
    guardians: uniqueById(guardian, 4),
    children: uniqueById(child, 4),
    needs: fc.subarray([...needKinds]),
    notes: maybe(fc.constantFrom('Vue au bus.', 'Rappeler lundi.', '')),
    consent: maybe(fc.record({ textVersion: fc.constantFrom('v1', 'v2'), givenAt: fc.constantFrom('2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') })),
    documents: maybe(uniqueById(doc, 3)),
    childcareProposals: maybe(uniqueById(proposal, 3)),
  })
  .map(strip);

let counter = 0;
const newId = () => `10000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

describe('merge of two family files (property)', () => {
  it('loses no guardian, child, need, proposal or document, keeps the oldest consent, and stays valid', () => {
    fc.assert(
      fc.property(familyFields, familyFields, (kept, other) => {
        const result = mergeFamilyFields(kept, other, newId);
        if (!result.ok) return;
        const m = result.fields;
        expect(fieldsSchema('family').safeParse(m).success).toBe(true);
        for (const g of [...kept.guardians, ...other.guardians]) expect(m.guardians.some((o) => guardianCovers(o, g))).toBe(true);
        for (const c of [...kept.children, ...other.children]) expect(m.children.some((o) => childCovers(o, c))).toBe(true);
        for (const d of [...(kept.documents ?? []), ...(other.documents ?? [])]) expect((m.documents ?? []).some((o) => documentCovers(o, d))).toBe(true);
        for (const p of [...(kept.childcareProposals ?? []), ...(other.childcareProposals ?? [])]) expect(m.childcareProposals?.some((o) => o.id === p.id)).toBe(true);
        for (const n of [...kept.needs, ...other.needs]) expect(m.needs).toContain(n);
        for (const note of [kept.notes, other.notes]) if (note?.trim()) expect(m.notes).toContain(note);
        expect(new Set(m.guardians.map((g) => g.id)).size).toBe(m.guardians.length);
        expect(new Set(m.children.map((c) => c.id)).size).toBe(m.children.length);
        const consents = [kept.consent, other.consent].filter((c) => c !== undefined);
        if (consents.length > 0) expect(m.consent?.givenAt).toBe(consents.map((c) => c.givenAt).sort()[0]);
        // Every guardian of the kept file is still there under its own id.
        for (const g of kept.guardians) expect(m.guardians.some((o) => o.id === g.id)).toBe(true);
      }),
      runs,
    );
  });

  it('is idempotent: merging the same file again into the result changes nothing', () => {
    fc.assert(
      fc.property(familyFields, familyFields, (kept, other) => {
        const once = mergeFamilyFields(kept, other, newId);
        if (!once.ok) return;
        const twice = mergeFamilyFields(once.fields, other, newId);
        expect(twice).toEqual(once);
      }),
      runs,
    );
  });

  it('merging a file with an empty one gives the file back', () => {
    fc.assert(
      fc.property(familyFields, (f) => {
        const result = mergeFamilyFields(f, { guardians: [], children: [], needs: [] }, newId);
        expect(result.ok && result.fields.guardians).toEqual(f.guardians);
        expect(result.ok && result.fields.children).toEqual(f.children);
      }),
      runs,
    );
  });
});
