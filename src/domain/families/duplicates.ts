/**
 * Family files that may be the same family entered twice (a parent who filled the form twice,
 * a file made at the bus and another at a permanence). Pure: the screen passes the files.
 */
import type { RecordOf } from '../registry';
import { childDate, nameKey, phoneKey } from './identity';

type Family = Pick<RecordOf<'family'>, 'id' | 'deleted' | 'guardians' | 'children'>;

export type DuplicateReason =
  | { kind: 'same_phone'; phone: string }
  | { kind: 'same_child'; firstName: string; date: string }
  | { kind: 'same_guardian_name'; name: string };

export interface SuspectedDuplicate {
  /** The two files, `a.id < b.id`, so a pair is listed once whatever the input order. */
  a: string;
  b: string;
  reasons: DuplicateReason[];
}

function keysOf(f: Family): { key: string; reason: DuplicateReason }[] {
  const out: { key: string; reason: DuplicateReason }[] = [];
  for (const g of f.guardians) {
    const phone = phoneKey(g.phone);
    if (phone) out.push({ key: `phone:${phone}`, reason: { kind: 'same_phone', phone: g.phone! } });
    const first = nameKey(g.firstName);
    const last = nameKey(g.lastName);
    // A surname alone is shared by whole villages: first and last name together only.
    if (first && last) out.push({ key: `name:${first}|${last}`, reason: { kind: 'same_guardian_name', name: `${g.firstName!.trim()} ${g.lastName!.trim()}` } });
  }
  for (const c of f.children) {
    const name = nameKey(c.firstName);
    const date = childDate(c);
    if (name && date) out.push({ key: `child:${name}|${date}`, reason: { kind: 'same_child', firstName: c.firstName!.trim(), date } });
  }
  return out;
}

/**
 * Pairs of live files sharing a phone number (compared in national form), a child (same first
 * name folded and same birth or expected date) or a guardian's full name, each with its reasons.
 * Pairs come sorted by the number of reasons, strongest first.
 */
export function findDuplicates(families: readonly Family[]): SuspectedDuplicate[] {
  const byKey = new Map<string, { id: string; reason: DuplicateReason }[]>();
  for (const f of families) {
    if (f.deleted) continue;
    const seen = new Set<string>();
    for (const { key, reason } of keysOf(f)) {
      if (seen.has(key)) continue;
      seen.add(key);
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ id: f.id, reason });
    }
  }
  const pairs = new Map<string, SuspectedDuplicate>();
  for (const list of byKey.values()) {
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const [x, y] = [list[i]!, list[j]!];
        if (x.id === y.id) continue;
        const [a, b] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
        const pairKey = `${a}|${b}`;
        let pair = pairs.get(pairKey);
        if (!pair) pairs.set(pairKey, (pair = { a, b, reasons: [] }));
        // Each family is listed once per key, so a pair meets each key once.
        pair.reasons.push(x.reason);
      }
    }
  }
  return [...pairs.values()].sort((p, q) => q.reasons.length - p.reasons.length || (p.a < q.a ? -1 : p.a > q.a ? 1 : 0));
}
