import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebase, sameValue } from '../../src/domain/sync/merge';

// Fixed seed: a failure prints the shrunk counterexample and replays identically.
const runs = { seed: 4_217_903, numRuns: 400 };

// JSON values with objects whose keys are shuffled, deeply.
function shuffleKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rand));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, rand)]));
}

/** Reference equality: JSON with sorted keys. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

describe('sameValue', () => {
  const json = fc.jsonValue({ maxDepth: 3 });

  it('is reflexive, also on a deep copy', () => {
    fc.assert(
      fc.property(json, (a) => {
        expect(sameValue(a, a)).toBe(true);
        expect(sameValue(a, structuredClone(a))).toBe(true);
      }),
      runs,
    );
  });

  it('is symmetric and agrees with canonical JSON', () => {
    // Pairs often equal up to key order, so both answers are exercised.
    const pair = fc.oneof(fc.tuple(json, json), json.map((a) => [a, structuredClone(a)] as const));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameValue(a, b)).toBe(sameValue(b, a));
        expect(sameValue(a, b)).toBe(canonical(a) === canonical(b));
      }),
      runs,
    );
  });

  it('ignores key order at every depth', () => {
    fc.assert(
      fc.property(json, fc.integer(), (a, seed) => {
        let s = seed;
        const rand = () => ((s = (s * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x80000000);
        expect(sameValue(a, shuffleKeys(a, rand))).toBe(true);
      }),
      runs,
    );
  });

  it.each([
    [[1, 2], [2, 1], false],
    [[], {}, false],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: 1 }, { b: 1 }, false],
    [null, {}, false],
    [0, '0', false],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
    expect(sameValue(b, a)).toBe(expected);
  });
});

describe('rebase', () => {
  const key = fc.constantFrom('name', 'phone', 'notes', 'hours');
  const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }));
  const record = fc.dictionary(key, value.filter((v) => v !== null), { noNullPrototype: true });
  const edits = fc.array(fc.dictionary(key, value, { minKeys: 1, noNullPrototype: true }), { maxLength: 6 });

  it('with nothing pending is a copy of the server record', () => {
    fc.assert(
      fc.property(record, (server) => {
        const out = rebase(server, []);
        expect(out).toStrictEqual(server);
        expect(out).not.toBe(server);
      }),
      runs,
    );
  });

  it('replays pending edits in order, null clearing a field, without touching its inputs', () => {
    fc.assert(
      fc.property(record, edits, (server, pending) => {
        const snapshot = structuredClone([server, pending]);
        const expected: Record<string, unknown> = { ...server };
        for (const changes of pending) {
          for (const [k, v] of Object.entries(changes)) {
            if (v === null) delete expected[k];
            else expected[k] = v;
          }
        }
        expect(rebase(server, pending)).toStrictEqual(expected);
        // One edit at a time gives the same result as all at once.
        expect(pending.reduce<Record<string, unknown>>((acc, e) => rebase(acc, [e]), server)).toStrictEqual(expected);
        expect([server, pending]).toStrictEqual(snapshot);
      }),
      runs,
    );
  });

  it('lets a later pending edit win over an earlier one', () => {
    expect(rebase({ name: 'a', phone: 'p' }, [{ name: 'b' }, { name: 'c', phone: null }])).toStrictEqual({ name: 'c' });
  });
});
