/** A family file with every sensitive field filled, and the values that must never be stored in clear. */
import type { RecordOf } from '../../../src/domain/registry';

export const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const AT = '2026-03-01T10:00:00.000Z';

export function family(id: string = crypto.randomUUID()): RecordOf<'family'> {
  return {
    id,
    version: 3,
    updatedAt: AT,
    deleted: false,
    territoryId: T,
    guardians: [
      { id: crypto.randomUUID(), firstName: 'Bénédicte', lastName: 'Mathevon-Chambon', phone: '06 12 34 56 78', email: 'benedicte.mathevon@example.fr', relation: 'mother', languages: ['fr', 'pt'] },
      { id: crypto.randomUUID(), firstName: 'Grégoire', lastName: 'Souvignet', phone: '+33 7 98 76 54 32', relation: 'father' },
    ],
    children: [
      { id: crypto.randomUUID(), firstName: 'Maëlle', birthDate: '2024-02-29' },
      { id: crypto.randomUUID(), expectedDate: '2026-07-14' },
    ],
    communeCode: '42224',
    needs: ['childcare', 'parenting_support'],
    consent: { textVersion: '2025-01', givenAt: AT },
    notes: 'Séparation récente, suivi PMI, appeler après 17 h — pas le matin.',
    childcareProposals: [
      {
        id: crypto.randomUUID(),
        directoryEntryId: crypto.randomUUID(),
        entryName: 'MAM Les Coccinelles',
        startDate: '2026-09-01',
        proposedAt: AT,
        proposedBy: crypto.randomUUID(),
        status: 'proposed',
        note: 'Horaires décalés acceptés par la MAM, à confirmer avec madame.',
      },
    ],
  };
}

/** Every value `sensitiveFields.family` names in `family()`, as it would appear in JSON. */
export function familySecrets(f: RecordOf<'family'>): string[] {
  return [
    ...f.guardians.flatMap((g) => [g.firstName, g.lastName, g.phone, g.email]),
    ...f.children.flatMap((c) => [c.firstName, c.birthDate, c.expectedDate]),
    f.notes,
    ...(f.childcareProposals ?? []).map((p) => p.note),
  ].filter((v): v is string => v !== undefined);
}
