import { describe, expect, it } from 'vitest';
import { mergeEdit, type FieldMeta, type IncomingEdit, type MergeOutcome, type StoredState } from '../../src/domain/sync/merge';

// Notation: a stored field is [value, version that set it, client that set it]; an edit is
// edit(client, baseVersion, changes). Every edit arrives at AT and gets version current + 1.
type Cell = [value: unknown, v: number, by: string];
const AT = '2025-03-10T08:00:00.000Z';
const meta = (v: number, by: string): FieldMeta => ({ v, by, at: AT });

function state(version: number, cells: Record<string, Cell>): StoredState {
  const data: Record<string, unknown> = {};
  const fields: Record<string, FieldMeta> = {};
  for (const [field, [value, v, by]] of Object.entries(cells)) {
    if (value !== undefined) data[field] = value;
    fields[field] = meta(v, by);
  }
  return { data, version, fields };
}

const edit = (clientId: string, baseVersion: number, changes: Record<string, unknown>): IncomingEdit => ({ clientId, baseVersion, changes, at: AT });

/** A conflict as expected: the field, the value that won, the value kept aside and who set each. */
type Expected = [field: string, kept: [unknown, FieldMeta], other: [unknown, FieldMeta]];

interface Row {
  name: string;
  current: StoredState | undefined;
  edit: IncomingEdit;
  status: MergeOutcome['status'];
  data: Record<string, unknown>;
  conflicts: Expected[];
}

const base = (version: number) => state(version, { name: ['Les Lutins', 1, 'A'], phone: ['05 46 00 00 01', version, 'B'] });
const lutins = { name: 'Les Lutins', phone: '05 46 00 00 01' };

// prettier-ignore
const rows: Row[] = [
  { name: 'create',                                       current: undefined, edit: edit('A', 0, { name: 'Les Lutins' }), status: 'applied', data: { name: 'Les Lutins' }, conflicts: [] },
  { name: 'edit at the current base',                     current: base(2), edit: edit('A', 2, { name: 'Pirouette' }), status: 'applied', data: { ...lutins, name: 'Pirouette' }, conflicts: [] },
  { name: 'other-field edit from behind merges',          current: base(2), edit: edit('A', 1, { name: 'Pirouette' }), status: 'merged', data: { ...lutins, name: 'Pirouette' }, conflicts: [] },
  { name: 'same field by another client from behind',     current: base(2), edit: edit('A', 1, { phone: '05 46 00 00 02' }), status: 'conflict', data: { ...lutins, phone: '05 46 00 00 02' }, conflicts: [['phone', ['05 46 00 00 02', meta(3, 'A')], ['05 46 00 00 01', meta(2, 'B')]]] },
  { name: 'same field, same value: no conflict',          current: base(2), edit: edit('A', 1, { phone: '05 46 00 00 01' }), status: 'merged', data: lutins, conflicts: [] },
  { name: 'same object value, other key order',           current: state(2, { hours: [{ from: '08:30', to: '16:00' }, 2, 'B'] }), edit: edit('A', 1, { hours: { to: '16:00', from: '08:30' } }), status: 'merged', data: { hours: { to: '16:00', from: '08:30' } }, conflicts: [] },
  { name: 'same client twice from the same base',         current: state(2, { name: ['Les Lutins', 2, 'A'] }), edit: edit('A', 1, { name: 'Pirouette' }), status: 'merged', data: { name: 'Pirouette' }, conflicts: [] },
  { name: 'field changed before the base: no conflict',   current: base(2), edit: edit('C', 2, { phone: '05 46 00 00 03' }), status: 'applied', data: { ...lutins, phone: '05 46 00 00 03' }, conflicts: [] },
  { name: 'clear a field with null',                      current: base(2), edit: edit('A', 2, { phone: null }), status: 'applied', data: { name: 'Les Lutins' }, conflicts: [] },
  { name: 'clear with undefined, like null',              current: base(2), edit: edit('A', 2, { phone: undefined }), status: 'applied', data: { name: 'Les Lutins' }, conflicts: [] },
  { name: 'clear a field another client changed',        current: base(2), edit: edit('A', 1, { phone: null }), status: 'conflict', data: { name: 'Les Lutins' }, conflicts: [['phone', [null, meta(3, 'A')], ['05 46 00 00 01', meta(2, 'B')]]] },
  { name: 'set a field another client cleared',          current: state(2, { phone: [undefined, 2, 'B'] }), edit: edit('A', 1, { phone: '05 46 00 00 02' }), status: 'conflict', data: { phone: '05 46 00 00 02' }, conflicts: [['phone', ['05 46 00 00 02', meta(3, 'A')], [undefined, meta(2, 'B')]]] },
  { name: 'clear a field another client cleared',        current: state(2, { phone: [undefined, 2, 'B'] }), edit: edit('A', 1, { phone: null }), status: 'merged', data: {}, conflicts: [] },
  { name: 'edit of a record deleted by another client',   current: state(2, { name: ['Les Lutins', 1, 'A'], deleted: [true, 2, 'B'] }), edit: edit('A', 1, { name: 'Pirouette' }), status: 'conflict', data: { name: 'Pirouette', deleted: true }, conflicts: [['deleted', [true, meta(2, 'B')], [false, meta(3, 'A')]]] },
  { name: 'edit of a record the same client deleted',     current: state(2, { name: ['Les Lutins', 1, 'A'], deleted: [true, 2, 'A'] }), edit: edit('A', 1, { name: 'Pirouette' }), status: 'merged', data: { name: 'Pirouette', deleted: true }, conflicts: [] },
  { name: 'edit of a record known to be deleted',         current: state(2, { name: ['Les Lutins', 1, 'A'], deleted: [true, 2, 'B'] }), edit: edit('A', 2, { name: 'Pirouette' }), status: 'applied', data: { name: 'Pirouette', deleted: true }, conflicts: [] },
  { name: 'restore of a record deleted by another',      current: state(2, { deleted: [true, 2, 'B'] }), edit: edit('A', 1, { deleted: false }), status: 'conflict', data: { deleted: false }, conflicts: [['deleted', [false, meta(3, 'A')], [true, meta(2, 'B')]]] },
  { name: 'delete after an edit by another client',       current: base(2), edit: edit('A', 1, { deleted: true }), status: 'merged', data: { ...lutins, deleted: true }, conflicts: [] },
  { name: 'delete at the current base',                   current: state(2, { deleted: [false, 1, 'A'], name: ['Les Lutins', 2, 'B'] }), edit: edit('A', 2, { deleted: true }), status: 'applied', data: { name: 'Les Lutins', deleted: true }, conflicts: [] },
  { name: 'two fields, one in conflict',                  current: base(2), edit: edit('A', 1, { name: 'Pirouette', phone: '05 46 00 00 02' }), status: 'conflict', data: { name: 'Pirouette', phone: '05 46 00 00 02' }, conflicts: [['phone', ['05 46 00 00 02', meta(3, 'A')], ['05 46 00 00 01', meta(2, 'B')]]] },
];

/** Deep freeze, so a merge that mutates the stored state fails loudly. */
function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) freeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('mergeEdit', () => {
  it.each(rows)('$name', (row) => {
    const out = mergeEdit(freeze(row.current), freeze(row.edit));
    const version = (row.current?.version ?? 0) + 1;
    expect(out.status).toBe(row.status);
    expect(out.next.data).toStrictEqual(row.data);
    expect(out.next.version).toBe(version);
    expect(
      out.conflicts.map((c) => [c.field, [c.kept.value ?? null, c.kept.meta], [c.other.value, c.other.meta]]),
    ).toEqual(row.conflicts.map(([f, [kv, km], [ov, om]]) => [f, [kv ?? null, km], [ov, om]]));
    // Every changed field now carries the edit's metadata; untouched fields keep theirs.
    for (const field of Object.keys(row.edit.changes)) {
      expect(out.next.fields[field]).toEqual({ v: version, by: row.edit.clientId, user: undefined, at: AT });
    }
    for (const [field, m] of Object.entries(row.current?.fields ?? {})) {
      if (!(field in row.edit.changes)) expect(out.next.fields[field]).toEqual(m);
    }
  });

  it('records the user of the edit in the field metadata', () => {
    const out = mergeEdit(base(2), { ...edit('A', 1, { phone: '05 46 00 00 02' }), userId: 'u-7' });
    expect(out.next.fields.phone).toEqual({ v: 3, by: 'A', user: 'u-7', at: AT });
    expect(out.conflicts[0]?.kept.meta.user).toBe('u-7');
  });
});

// Two concurrent edits from the same base, in both arrival orders. Different fields converge
// to the same data; the same field ends with the later value and the other kept in a conflict.
// prettier-ignore
const pairs: Array<[name: string, a: Record<string, unknown>, b: Record<string, unknown>, sameData: boolean]> = [
  ['different fields',   { name: 'Pirouette' },        { phone: '05 46 00 00 02' }, true],
  ['same field',         { phone: '05 46 00 00 03' },  { phone: '05 46 00 00 02' }, false],
  ['same field, same value', { phone: '05 46 00 00 02' }, { phone: '05 46 00 00 02' }, true],
  ['delete and edit',    { deleted: true },            { name: 'Pirouette' },       true],
];

describe('mergeEdit in both arrival orders', () => {
  const start = base(1);
  const run = (first: IncomingEdit, second: IncomingEdit) => {
    const one = mergeEdit(start, first);
    const two = mergeEdit(one.next, second);
    return { data: two.next.data, conflicts: [...one.conflicts, ...two.conflicts] };
  };

  it.each(pairs)('%s', (_name, a, b, sameData) => {
    const ab = run(edit('A', 1, a), edit('B', 1, b));
    const ba = run(edit('B', 1, b), edit('A', 1, a));
    if (sameData) {
      expect(ab.data).toStrictEqual(ba.data);
      expect(ab.data).toStrictEqual({ ...start.data, ...a, ...b });
    } else {
      for (const [field] of Object.entries(a)) {
        // The later arrival wins; the earlier one is in the conflict, in either order.
        expect(ab.data[field]).toEqual(b[field]);
        expect(ba.data[field]).toEqual(a[field]);
        expect(ab.conflicts.map((c) => c.other.value)).toContainEqual(a[field]);
        expect(ba.conflicts.map((c) => c.other.value)).toContainEqual(b[field]);
      }
    }
  });
});
