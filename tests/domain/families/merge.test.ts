import { describe, expect, it } from 'vitest';
import { NOTES_SEPARATOR, mergeFamilyFields, planMerge, resolveFamilyId, mergedAliases, fieldsOf } from '../../../src/domain/families/merge';
import { recordSchema } from '../../../src/domain/registry';
import { family, uid } from './fixtures';

const newId = () => uid();

describe('merging two family files', () => {
  it('folds the same mother and child entered twice, keeps the other people, and unites needs, proposals and documents', () => {
    const mum = uid();
    const kept = family({
      guardians: [{ id: mum, firstName: 'Awa', phone: '06 12 34 56 78' }],
      children: [{ id: uid(), firstName: 'Léa', birthDate: '2024-03-01' }],
      needs: ['paperwork'],
      documents: [{ id: uid(), label: 'Attestation CAF', status: 'missing' }],
      consent: { textVersion: '2026-01', givenAt: '2026-01-05T08:00:00.000Z' },
      notes: 'Vue à la permanence.',
    });
    const proposal = { id: uid(), directoryEntryId: uid(), entryName: 'Nathalie Chapuis', startDate: '2026-03-01', proposedAt: '2026-01-02T08:00:00.000Z', proposedBy: uid(), status: 'proposed' as const };
    const other = family({
      guardians: [
        { id: uid(), lastName: 'Diallo', phone: '+33612345678', languages: ['wo'] },
        { id: uid(), firstName: 'Moussa', relation: 'father' },
      ],
      children: [
        { id: uid(), firstName: 'LEA', birthDate: '2024-03-01' },
        { id: uid(), expectedDate: '2026-06-10' },
      ],
      needs: ['childcare', 'paperwork'],
      childcareProposals: [proposal],
      documents: [{ id: uid(), label: 'attestation caf', status: 'received', receivedAt: '2026-01-04' }],
      consent: { textVersion: '2025-09', givenAt: '2025-11-20T10:00:00.000Z' },
      notes: 'Demande faite au bus.',
      referentId: uid(),
      communeCode: '42224',
    });
    const result = mergeFamilyFields(fieldsOf(kept), fieldsOf(other), newId);
    if (!result.ok) throw new Error(result.reason);
    const f = result.fields;
    expect(f.guardians).toEqual([
      { id: mum, firstName: 'Awa', lastName: 'Diallo', phone: '06 12 34 56 78', languages: ['wo'] },
      other.guardians[1],
    ]);
    expect(f.children.map((c) => c.firstName ?? c.expectedDate)).toEqual(['Léa', '2026-06-10']);
    expect(f.needs).toEqual(['childcare', 'paperwork']);
    expect(f.childcareProposals).toEqual([proposal]);
    expect(f.documents).toEqual([{ id: kept.documents![0]!.id, label: 'Attestation CAF', status: 'received', receivedAt: '2026-01-04' }]);
    expect(f.consent).toEqual(other.consent);
    expect(f.notes).toBe(`Vue à la permanence.${NOTES_SEPARATOR}Demande faite au bus.`);
    expect(f.referentId).toBe(other.referentId);
    expect(f.communeCode).toBe('42224');
    expect(recordSchema('family').safeParse({ ...kept, ...f }).success).toBe(true);
  });

  it('keeps two guardians sharing a phone when their names differ', () => {
    const kept = family({ guardians: [{ id: uid(), firstName: 'Awa', phone: '0612345678' }] });
    const other = family({ guardians: [{ id: uid(), firstName: 'Moussa', phone: '06 12 34 56 78' }] });
    const result = mergeFamilyFields(fieldsOf(kept), fieldsOf(other), newId);
    expect(result.ok && result.fields.guardians.map((g) => g.firstName)).toEqual(['Awa', 'Moussa']);
  });

  it('refuses rather than truncates when the result would exceed a limit', () => {
    const many = (k: number) => Array.from({ length: k }, () => ({ id: uid(), firstName: `G${uid()}` }));
    const kept = family({ guardians: many(6) });
    const other = family({ guardians: many(5) });
    expect(mergeFamilyFields(fieldsOf(kept), fieldsOf(other), newId)).toEqual({ ok: false, reason: 'too_many_guardians' });
    const long = family({ notes: 'a'.repeat(6000) });
    const longer = family({ notes: 'b'.repeat(6000) });
    expect(mergeFamilyFields(fieldsOf(long), fieldsOf(longer), newId)).toEqual({ ok: false, reason: 'notes_too_long' });
  });

  it('plans the edits: kept file, tombstone pointing to it, live requests, appointments and enrolments re-pointed', () => {
    const kept = family({ guardians: [{ id: uid(), phone: '0612345678' }] });
    const other = family({ guardians: [{ id: uid(), phone: '0612345678' }], notes: 'x' });
    const linked = {
      intakeRequests: [
        { id: uid(), deleted: false, familyId: other.id },
        { id: uid(), deleted: true, familyId: other.id },
        { id: uid(), deleted: false, familyId: kept.id },
      ],
      appointments: [{ id: uid(), deleted: false, familyId: other.id }],
      busEnrollments: [{ id: uid(), deleted: false, familyId: other.id }],
    };
    const planned = planMerge(kept, other, linked);
    if (!planned.ok) throw new Error(planned.reason);
    const { plan } = planned;
    expect(plan.merged.edit).toMatchObject({ deleted: true, mergedInto: kept.id, guardians: [], children: [], needs: [] });
    expect(plan.merged.edit.notes).toBeUndefined();
    expect(plan.intakeRequests).toEqual([{ id: linked.intakeRequests[0]!.id, edit: { familyId: kept.id } }]);
    expect(plan.appointments).toEqual([{ id: linked.appointments[0]!.id, edit: { familyId: kept.id } }]);
    expect(plan.busEnrollments).toHaveLength(1);
    expect(plan.kept.edit.notes).toBe('x');
  });

  it('refuses to merge a file with itself, a deleted file or a file of another territory', () => {
    const a = family();
    const empty = { intakeRequests: [], appointments: [], busEnrollments: [] };
    expect(planMerge(a, a, empty)).toEqual({ ok: false, reason: 'same_family' });
    expect(planMerge(a, family({ deleted: true }), empty)).toEqual({ ok: false, reason: 'already_deleted' });
    expect(planMerge(a, family({ territoryId: uid() }), empty)).toEqual({ ok: false, reason: 'other_territory' });
  });

  it('resolves links to merged files at read time, through chains, and stops on cycles', () => {
    const live = family();
    const mid = family({ deleted: true, mergedInto: live.id });
    const first = family({ deleted: true, mergedInto: mid.id });
    const erased = family({ deleted: true, erasedAt: '2026-01-05T08:00:00.000Z' });
    const loopA = family({ deleted: true });
    const loopB = family({ deleted: true, mergedInto: loopA.id });
    loopA.mergedInto = loopB.id;
    const all = [live, mid, first, erased, loopA, loopB];
    const byId = new Map(all.map((f) => [f.id, f]));
    expect(resolveFamilyId(first.id, byId)).toBe(live.id);
    expect(resolveFamilyId(erased.id, byId)).toBeUndefined();
    expect(resolveFamilyId(loopA.id, byId)).toBeUndefined();
    expect(resolveFamilyId(uid(), byId)).toBeUndefined();
    expect([...mergedAliases(live.id, all)].sort()).toEqual([live.id, mid.id, first.id].sort());
  });
});
