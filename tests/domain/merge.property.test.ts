import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeEdit, rebase, sameValue, type FieldConflict, type StoredState } from '../../src/domain/sync/merge';

// Fixed seeds: a failure prints the seed and the shrunk counterexample, and replays identically.
const runs = { seed: 4_217_903, numRuns: 400 };

const clients = ['A', 'B', 'C', 'D'] as const;
type Client = (typeof clients)[number];
const AT = '2025-03-10T08:00:00.000Z';

// Small value pools so that equal values, clears and deletions happen often.
const fieldValues = {
  name: fc.constantFrom('Les Lutins', 'Pirouette', 'Ribambelle', null),
  phone: fc.constantFrom('05 46 00 00 01', '05 46 00 00 02', null),
  hours: fc.constantFrom({ from: '08:30', to: '16:00' }, { to: '16:00', from: '08:30' }, { from: '09:00', to: '12:00' }, null),
  deleted: fc.boolean(),
};
type Field = keyof typeof fieldValues;
const fieldNames = Object.keys(fieldValues) as Field[];

const changes = fc.record(fieldValues, { requiredKeys: [] }).filter((c) => Object.keys(c).length > 0);
const client = fc.constantFrom(...clients);

/**
 * One step on the server, in arrival order: a device pushes an edit made from the last version
 * it pulled (and may take the pushed result as its new base), or a device pulls.
 */
const step = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), client, changes, ack: fc.boolean() }),
  fc.record({ kind: fc.constant('pull' as const), client }),
);

type Step =
  | { kind: 'edit'; client: Client; changes: Record<string, unknown>; ack: boolean }
  | { kind: 'pull'; client: Client };

const norm = (v: unknown) => (v === undefined ? null : v);
const hasValue = (values: readonly unknown[], v: unknown) => values.some((x) => sameValue(norm(x), norm(v)));

interface Write {
  field: Field;
  value: unknown;
  client: Client;
  version: number;
  fate?: 'final' | 'conflict' | 'replaced-knowingly';
}

/** Runs a schedule; returns every write with what became of it, plus every conflict. */
function simulate(steps: readonly Step[]) {
  let current: StoredState | undefined;
  const history: Array<Record<string, unknown>> = [{}]; // data at each version
  const baseOf = new Map<Client, number>(clients.map((c) => [c, 0]));
  // Values of each field a device has seen (pulled) or written itself: overwriting those is a choice.
  const known = new Map<Client, Map<Field, unknown[]>>(clients.map((c) => [c, new Map(fieldNames.map((f) => [f, [null]]))]));
  const learn = (c: Client, data: Record<string, unknown>) => {
    for (const f of fieldNames) known.get(c)?.get(f)?.push(norm(data[f]));
  };
  const holder = new Map<Field, Write>();
  const writes: Write[] = [];
  const conflicts: FieldConflict[] = [];
  const versions: number[] = [];
  const applied: Array<Record<string, unknown>> = [];

  for (const s of steps) {
    if (s.kind === 'pull') {
      const v = current?.version ?? 0;
      baseOf.set(s.client, v);
      learn(s.client, history[v] ?? {});
      continue;
    }
    const edit = { clientId: s.client, baseVersion: baseOf.get(s.client) ?? 0, changes: s.changes, at: AT };
    const before = current;
    const out = mergeEdit(before, edit);
    versions.push(out.next.version);
    conflicts.push(...out.conflicts);
    applied.push(edit.changes);

    const seen = known.get(s.client);
    for (const [key, value] of Object.entries(edit.changes)) {
      const field = key as Field;
      const previous = holder.get(field);
      if (previous && !sameValue(norm(previous.value), norm(value))) {
        if (out.conflicts.some((c) => c.field === field && sameValue(norm(c.other.value), norm(previous.value)))) {
          previous.fate = 'conflict';
        } else if (hasValue(seen?.get(field) ?? [], previous.value)) {
          previous.fate = 'replaced-knowingly';
        }
      } else if (previous) {
        previous.fate = 'replaced-knowingly'; // same value: nothing is lost
      }
      const w: Write = { field, value, client: s.client, version: out.next.version };
      writes.push(w);
      holder.set(field, w);
      seen?.get(field)?.push(norm(value));
    }

    // An edit that reaches a record deleted behind the device's back must say so.
    if (before?.data.deleted === true && !('deleted' in edit.changes) && !hasValue(seen?.get('deleted') ?? [], true)) {
      expect(out.conflicts.some((c) => c.field === 'deleted' && c.kept.value === true && c.other.value === false)).toBe(true);
    }

    current = out.next;
    history.push(out.next.data);
    if (s.ack) {
      baseOf.set(s.client, out.next.version);
      learn(s.client, out.next.data);
    }
  }
  for (const [field, w] of holder) {
    if (sameValue(norm(current?.data[field]), norm(w.value))) w.fate = 'final';
  }
  return { current, writes, conflicts, versions, applied };
}

const schedule = fc.array(step, { minLength: 1, maxLength: 40 }).filter((s) => s.some((x) => x.kind === 'edit'));

describe('mergeEdit under random multi-device schedules', () => {
  it('never silently drops an accepted write', () => {
    fc.assert(
      fc.property(schedule, (steps) => {
        const { writes } = simulate(steps);
        // Each value is current, kept in a conflict, or was replaced by a device that had seen it.
        const dropped = writes.filter((w) => w.fate === undefined);
        expect(dropped).toEqual([]);
      }),
      runs,
    );
  });

  it('offline devices, one write per field each: every value is final or in a conflict', () => {
    // Every device edits from base 0 and never pulls: the strict form of the invariant holds.
    const offline = fc
      .array(fc.record({ client, changes }), { minLength: 1, maxLength: 12 })
      .map((edits) => {
        const used = new Set<string>();
        return edits
          .map((e) => ({ ...e, changes: Object.fromEntries(Object.entries(e.changes).filter(([f]) => !used.has(e.client + f) && used.add(e.client + f))) }))
          .filter((e) => Object.keys(e.changes).length > 0);
      })
      .filter((edits) => edits.length > 0);
    fc.assert(
      fc.property(offline, (edits) => {
        const { current, writes, conflicts } = simulate(edits.map((e) => ({ kind: 'edit' as const, client: e.client, changes: e.changes, ack: false })));
        for (const w of writes) {
          const final = sameValue(norm(current?.data[w.field]), norm(w.value));
          const kept = conflicts.some((c) => c.field === w.field && sameValue(norm(c.other.value), norm(w.value)));
          expect(final || kept, `${w.client} wrote ${w.field}=${JSON.stringify(w.value)} at v${w.version}`).toBe(true);
        }
      }),
      runs,
    );
  });

  it('assigns strictly increasing versions, one per edit', () => {
    fc.assert(
      fc.property(schedule, (steps) => {
        const { versions } = simulate(steps);
        versions.forEach((v, i) => expect(v).toBe(i + 1));
      }),
      runs,
    );
  });

  it('ends with the value of the last edit to arrive, field by field', () => {
    fc.assert(
      fc.property(schedule, (steps) => {
        const { current, applied } = simulate(steps);
        expect(current?.data).toStrictEqual(rebase({}, applied));
      }),
      runs,
    );
  });

  it('keeps the overwritten value and its metadata in each conflict', () => {
    fc.assert(
      fc.property(schedule, (steps) => {
        const { conflicts, writes } = simulate(steps);
        for (const c of conflicts) {
          if (c.field === 'deleted' && c.other.value === false && c.kept.value === true) continue; // edit of a deleted record
          const source = writes.find((w) => w.field === c.field && w.version === c.other.meta.v);
          expect(source?.client).toBe(c.other.meta.by);
          expect(norm(source?.value)).toEqual(norm(c.other.value));
          expect(c.other.meta.by).not.toBe(c.kept.meta.by);
        }
      }),
      runs,
    );
  });
});
