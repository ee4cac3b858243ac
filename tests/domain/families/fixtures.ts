import type { RecordOf } from '../../../src/domain/registry';

export const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
let n = 0;
/** Distinct, readable UUIDs for tests. */
export function uid(): string {
  n += 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function family(fields: Partial<RecordOf<'family'>> = {}): RecordOf<'family'> {
  return {
    id: uid(),
    version: 1,
    updatedAt: '2026-01-05T08:00:00.000Z',
    deleted: false,
    territoryId: T,
    guardians: [],
    children: [],
    needs: [],
    ...fields,
  };
}
