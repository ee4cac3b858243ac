/**
 * Merging two files of the same family so that nothing is lost: guardians, children, needs,
 * proposals and documents are united (the same person entered twice is folded into one entry),
 * notes are put end to end, the oldest consent is kept. The merged-away file becomes a
 * tombstone pointing to the kept one (`mergedInto`).
 *
 * Linked records are re-pointed by edits where they can be (requests, appointments, bus
 * enrolments). Append-only records (session-log contacts, attendance events) are never edited:
 * they keep the old id, and readers follow `mergedInto` (resolveFamilyId). Parenting-support
 * notes are re-pointed by the server itself, since only their author and the referent may write
 * them (docs/rgpd.md).
 */
import { needKinds } from '../entities/family';
import type { FamilyDocument } from '../entities/family';
import type { FieldsOf, RecordOf } from '../registry';
import { nameKey, phoneKey } from './identity';

export type FamilyFields = FieldsOf<'family'>;
type Guardian = FamilyFields['guardians'][number];
type Child = FamilyFields['children'][number];

/** Put between the two files' notes, so a reader sees where the merged file's notes begin. */
export const NOTES_SEPARATOR = '\n\n---\n\n';

export const LIMITS = { guardians: 10, children: 20, documents: 50, proposals: 100, notes: 10000 } as const;

export type MergeRefusal = 'same_family' | 'already_deleted' | 'other_territory' | 'too_many_guardians' | 'too_many_children' | 'too_many_documents' | 'too_many_proposals' | 'notes_too_long';

// --- Covering: an entry "covers" another when it says at least the same things. -------------

function sameText(a: string | undefined, b: string | undefined): boolean {
  return nameKey(a) === nameKey(b);
}

/** Every field `g` states is stated the same by `by` (names folded, phones compared as numbers). */
export function guardianCovers(by: Guardian, g: Guardian): boolean {
  return (
    (g.firstName === undefined || nameKey(g.firstName) === undefined || sameText(by.firstName, g.firstName)) &&
    (g.lastName === undefined || nameKey(g.lastName) === undefined || sameText(by.lastName, g.lastName)) &&
    (g.phone === undefined || phoneKey(by.phone) === phoneKey(g.phone)) &&
    (g.email === undefined || by.email?.toLowerCase() === g.email.toLowerCase()) &&
    (g.relation === undefined || by.relation === g.relation) &&
    (g.languages ?? []).every((l) => by.languages?.includes(l))
  );
}

export function childCovers(by: Child, c: Child): boolean {
  return (
    (c.firstName === undefined || nameKey(c.firstName) === undefined || sameText(by.firstName, c.firstName)) &&
    (c.birthDate === undefined || by.birthDate === c.birthDate) &&
    (c.expectedDate === undefined || by.expectedDate === c.expectedDate)
  );
}

export function documentCovers(by: FamilyDocument, d: FamilyDocument): boolean {
  return (
    (by.id === d.id || sameText(by.label, d.label)) &&
    (d.status === 'missing' || by.status === 'received') &&
    (d.receivedAt === undefined || by.receivedAt !== undefined) &&
    (d.note === undefined || d.note.trim() === '' || (by.note ?? '').includes(d.note.trim()))
  );
}

// --- Folding: two entries that cannot contradict each other become one. ----------------------

function agree(a: string | undefined, b: string | undefined, key: (s: string | undefined) => string | undefined = (s) => s): boolean {
  return a === undefined || b === undefined || key(a) === key(b);
}

function fill<T extends object>(kept: T, other: T): T {
  const out: Record<string, unknown> = { ...(other as Record<string, unknown>) };
  for (const [k, v] of Object.entries(kept)) if (v !== undefined) out[k] = v;
  return out as T;
}

function foldGuardian(kept: Guardian, other: Guardian): Guardian | undefined {
  const samePerson = kept.id === other.id || (phoneKey(kept.phone) !== undefined && phoneKey(kept.phone) === phoneKey(other.phone));
  if (!samePerson) return undefined;
  if (!agree(kept.firstName, other.firstName, nameKey) || !agree(kept.lastName, other.lastName, nameKey)) return undefined;
  if (!agree(kept.phone, other.phone, phoneKey) || !agree(kept.email?.toLowerCase(), other.email?.toLowerCase()) || !agree(kept.relation, other.relation)) return undefined;
  const languages = [...new Set([...(kept.languages ?? []), ...(other.languages ?? [])])];
  if (languages.length > 10) return undefined;
  const folded = fill(kept, other);
  return languages.length > 0 ? { ...folded, languages } : folded;
}

function foldChild(kept: Child, other: Child): Child | undefined {
  const sameName = nameKey(kept.firstName) !== undefined && nameKey(kept.firstName) === nameKey(other.firstName);
  const sameDate = (kept.birthDate ?? kept.expectedDate) !== undefined && (kept.birthDate ?? kept.expectedDate) === (other.birthDate ?? other.expectedDate);
  if (!(kept.id === other.id || (sameName && sameDate))) return undefined;
  if (!agree(kept.firstName, other.firstName, nameKey) || !agree(kept.birthDate, other.birthDate) || !agree(kept.expectedDate, other.expectedDate)) return undefined;
  return fill(kept, other);
}

function foldDocument(kept: FamilyDocument, other: FamilyDocument): FamilyDocument | undefined {
  if (!(kept.id === other.id || sameText(kept.label, other.label))) return undefined;
  const received = kept.status === 'received' ? kept : other.status === 'received' ? other : kept;
  const notes = [kept.note?.trim(), other.note?.trim()].filter((n): n is string => !!n);
  const note = notes.length === 2 && !notes[0]!.includes(notes[1]!) ? `${notes[0]} / ${notes[1]}` : notes[0];
  const out: FamilyDocument = { id: kept.id, label: kept.label, status: received.status };
  const receivedAt = received.receivedAt ?? kept.receivedAt ?? other.receivedAt;
  if (receivedAt !== undefined) out.receivedAt = receivedAt;
  if (note !== undefined) out.note = note.slice(0, 300);
  return out;
}

/**
 * Adds each of `more` to `list` unless an entry already covers it; folds it into a compatible
 * entry, or appends it (with a new id if its id is taken by a different entry).
 */
function unite<T extends { id: string }>(
  list: readonly T[],
  more: readonly T[],
  covers: (by: T, x: T) => boolean,
  fold: (kept: T, other: T) => T | undefined,
  newId: () => string,
): T[] {
  const out = [...list];
  for (const x of more) {
    if (out.some((o) => covers(o, x) && fold(o, x) !== undefined)) continue;
    const i = out.findIndex((o) => fold(o, x) !== undefined);
    if (i >= 0) {
      out[i] = fold(out[i]!, x)!;
      continue;
    }
    const taken = out.some((o) => o.id === x.id);
    // Its id was taken by a different entry: a copy under a new id, unless one was made before.
    if (taken && out.some((o) => o.id !== x.id && covers(o, x) && covers(x, o))) continue;
    out.push(taken ? { ...x, id: newId() } : x);
  }
  return out;
}

function joinNotes(a: string | undefined, b: string | undefined): string | undefined {
  const kept = a?.trim() ? a : undefined;
  const other = b?.trim() ? b : undefined;
  if (other === undefined || (kept !== undefined && kept.includes(other.trim()))) return kept;
  if (kept === undefined) return other;
  return `${kept}${NOTES_SEPARATOR}${other}`;
}

/**
 * The fields of the file that results from merging `other` into `kept`. Refused, never
 * truncated, when the result would exceed a size limit of the schema.
 */
export function mergeFamilyFields(
  kept: FamilyFields,
  other: FamilyFields,
  newId: () => string,
): { ok: true; fields: FamilyFields } | { ok: false; reason: MergeRefusal } {
  const guardians = unite(kept.guardians, other.guardians, guardianCovers, foldGuardian, newId);
  const children = unite(kept.children, other.children, childCovers, foldChild, newId);
  const documents = unite(kept.documents ?? [], other.documents ?? [], documentCovers, foldDocument, newId);
  const proposals = [...(kept.childcareProposals ?? [])];
  for (const p of other.childcareProposals ?? []) if (!proposals.some((q) => q.id === p.id)) proposals.push(p);
  const notes = joinNotes(kept.notes, other.notes);
  if (guardians.length > LIMITS.guardians) return { ok: false, reason: 'too_many_guardians' };
  if (children.length > LIMITS.children) return { ok: false, reason: 'too_many_children' };
  if (documents.length > LIMITS.documents) return { ok: false, reason: 'too_many_documents' };
  if (proposals.length > LIMITS.proposals) return { ok: false, reason: 'too_many_proposals' };
  if ((notes?.length ?? 0) > LIMITS.notes) return { ok: false, reason: 'notes_too_long' };

  const consents = [kept.consent, other.consent].filter((c) => c !== undefined);
  const consent = consents.sort((x, y) => Date.parse(x.givenAt) - Date.parse(y.givenAt))[0];
  const fields: FamilyFields = {
    ...kept,
    guardians,
    children,
    needs: needKinds.filter((n) => kept.needs.includes(n) || other.needs.includes(n)),
  };
  const optional = {
    communeCode: kept.communeCode ?? other.communeCode,
    referentId: kept.referentId ?? other.referentId,
    consent,
    notes,
    childcareProposals: proposals.length > 0 ? proposals : undefined,
    documents: documents.length > 0 ? documents : undefined,
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v === undefined) delete (fields as Record<string, unknown>)[k];
    else (fields as Record<string, unknown>)[k] = v;
  }
  return { ok: true, fields };
}

type Linked = Pick<RecordOf<'intakeRequest'>, 'id' | 'deleted' | 'familyId'>;

export interface LinkedRecords {
  intakeRequests: readonly Linked[];
  appointments: readonly Pick<RecordOf<'appointment'>, 'id' | 'deleted' | 'familyId'>[];
  busEnrollments: readonly Pick<RecordOf<'busEnrollment'>, 'id' | 'deleted' | 'familyId'>[];
}

export interface Repoint {
  id: string;
  edit: { familyId: string };
}

/** Everything a merge writes, to be applied in one local transaction. */
export interface MergePlan {
  kept: { id: string; edit: FamilyFields };
  /** The merged-away file: a tombstone pointing to the kept one; its contents now live there. */
  merged: { id: string; edit: Partial<Record<keyof FamilyFields, unknown>> & { deleted: true; mergedInto: string } };
  intakeRequests: Repoint[];
  appointments: Repoint[];
  busEnrollments: Repoint[];
}

/** The personal fields of a file, listed so a tombstone can clear every one of them. */
export const clearedFamilyFields = {
  guardians: [],
  children: [],
  needs: [],
  communeCode: undefined,
  referentId: undefined,
  consent: undefined,
  notes: undefined,
  childcareProposals: undefined,
  documents: undefined,
} as const;

/** Plans the merge of file `other` into file `kept`, with the edits of the records pointing to `other`. */
export function planMerge(
  kept: RecordOf<'family'>,
  other: RecordOf<'family'>,
  linked: LinkedRecords,
  newId: () => string = () => crypto.randomUUID(),
): { ok: true; plan: MergePlan } | { ok: false; reason: MergeRefusal } {
  if (kept.id === other.id) return { ok: false, reason: 'same_family' };
  if (kept.deleted || other.deleted) return { ok: false, reason: 'already_deleted' };
  if (kept.territoryId !== other.territoryId) return { ok: false, reason: 'other_territory' };
  const merged = mergeFamilyFields(fieldsOf(kept), fieldsOf(other), newId);
  if (!merged.ok) return merged;
  const repoint = (list: readonly { id: string; deleted: boolean; familyId?: string | undefined }[]): Repoint[] =>
    list.filter((r) => !r.deleted && r.familyId === other.id).map((r) => ({ id: r.id, edit: { familyId: kept.id } }));
  return {
    ok: true,
    plan: {
      kept: { id: kept.id, edit: merged.fields },
      merged: { id: other.id, edit: { ...clearedFamilyFields, deleted: true, mergedInto: kept.id } },
      intakeRequests: repoint(linked.intakeRequests),
      appointments: repoint(linked.appointments),
      busEnrollments: repoint(linked.busEnrollments),
    },
  };
}

/** The data fields of a family record, without the envelope and the tombstone markers. */
export function fieldsOf(f: RecordOf<'family'>): FamilyFields {
  const { id: _id, version: _v, updatedAt: _u, deleted: _d, territoryId: _t, mergedInto: _m, erasedAt: _e, ...fields } = f;
  return fields;
}

/**
 * The live file an id now stands for: follows `mergedInto` from tombstone to tombstone (at most
 * 32 steps, cycles stop). Undefined when the file is unknown or was erased.
 */
export function resolveFamilyId(id: string, byId: ReadonlyMap<string, Pick<RecordOf<'family'>, 'id' | 'deleted' | 'mergedInto'>>): string | undefined {
  let current = byId.get(id);
  for (let step = 0; current !== undefined && step < 32; step += 1) {
    if (!current.deleted) return current.id;
    if (current.mergedInto === undefined) return undefined;
    current = byId.get(current.mergedInto);
  }
  return undefined;
}

/** Ids of the tombstones merged (directly or not) into `id`, with `id` itself. */
export function mergedAliases(id: string, families: readonly Pick<RecordOf<'family'>, 'id' | 'deleted' | 'mergedInto'>[]): Set<string> {
  const byId = new Map(families.map((f) => [f.id, f]));
  const out = new Set([id]);
  for (const f of families) if (f.deleted && f.mergedInto !== undefined && resolveFamilyId(f.id, byId) === id) out.add(f.id);
  return out;
}
