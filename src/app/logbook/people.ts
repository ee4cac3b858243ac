/**
 * The people a log can name: families (their files) and assistants maternels or gardes à
 * domicile (directory entries), labelled for a picker and ordered with the ones seen lately first.
 */
import type { RecordOf } from '../../domain/registry';
import { matchesQuery } from '../../domain/text';

export type PersonKind = RecordOf<'sessionLog'>['contacts'][number]['personKind'];

export interface Person {
  id: string;
  kind: PersonKind;
  label: string;
  /** A second line: commune, children's first names… */
  detail?: string;
}

type Family = Pick<RecordOf<'family'>, 'id' | 'deleted' | 'guardians' | 'children'>;
type Entry = Pick<RecordOf<'directoryEntry'>, 'id' | 'deleted' | 'kind' | 'name' | 'address'>;
type Log = Pick<RecordOf<'sessionLog'>, 'loggedAt' | 'contacts' | 'deleted'>;

const plain = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** How a family reads in a list: a guardian's name, else a phone number; the children after. */
export function familyPerson(f: Family, fallback: string): Person {
  const named = f.guardians.map((g) => [plain(g.firstName), plain(g.lastName)].filter(Boolean).join(' ')).find(Boolean);
  const phone = f.guardians.map((g) => plain(g.phone)).find(Boolean);
  const children = f.children.map((c) => plain(c.firstName)).filter(Boolean);
  const label = named || phone || fallback;
  const detail = [named && phone ? phone : '', children.join(', ')].filter(Boolean).join(' · ');
  return { id: f.id, kind: 'family', label, ...(detail ? { detail } : {}) };
}

/** Assistants maternels and gardes à domicile of the directory. */
export function directoryPeople(entries: readonly Entry[]): Person[] {
  return entries.flatMap((e): Person[] =>
    !e.deleted && (e.kind === 'assistant_maternel' || e.kind === 'garde_domicile')
      ? [{ id: e.id, kind: e.kind, label: e.name, ...(e.address ? { detail: e.address } : {}) }]
      : [],
  );
}

export function familyPeople(families: readonly Family[], fallback: string): Person[] {
  return families.filter((f) => !f.deleted).map((f) => familyPerson(f, fallback));
}

/** When each person was last named in a log: the picker puts them first. */
export function lastSeen(logs: readonly Log[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (const log of logs) {
    if (log.deleted) continue;
    for (const c of log.contacts) {
      if (c.personId === undefined) continue;
      const before = seen.get(c.personId);
      if (before === undefined || before < log.loggedAt) seen.set(c.personId, log.loggedAt);
    }
  }
  return seen;
}

/** People seen lately first (most recent on top), then the others by name. */
export function byRecency(people: readonly Person[], seen: ReadonlyMap<string, string>): Person[] {
  return [...people].sort((a, b) => {
    const sa = seen.get(a.id) ?? '';
    const sb = seen.get(b.id) ?? '';
    return sa !== sb ? (sa < sb ? 1 : -1) : a.label.localeCompare(b.label, 'fr');
  });
}

/** Whether a person matches what was typed (name, phone, address, children, accents ignored). */
export function personMatches(p: Person, query: string): boolean {
  return query.trim() === '' || matchesQuery(`${p.label} ${p.detail ?? ''}`, query);
}
