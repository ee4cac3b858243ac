/**
 * The log form's state and its translation to a sessionLog. A log is never edited: saving again
 * writes a new log that replaces the author's earlier one in the reports, so the form starts from
 * that earlier log and keeps what it cannot show (nothing typed before is dropped by a correction).
 */
import { orientations, type Orientation } from '../../domain/entities/session-log';
import type { SessionKind } from '../../domain/reports/indicators';
import type { FieldsOf, RecordOf } from '../../domain/registry';
import type { PersonKind } from './people';

type Contact = FieldsOf<'sessionLog'>['contacts'][number];

/** Which form a session gets: one line per contact, who was at a group time, who came to a workshop. */
export type FormKind = 'contacts' | 'collective' | 'workshop';

export function formKindOf(kind: SessionKind): FormKind {
  if (kind === 'temps_collectif') return 'collective';
  if (kind === 'atelier_parentalite' || kind === 'atelier_social') return 'workshop';
  // A Baby Bus day: the children are checked in on the bus panel; the log tells who was helped with what.
  return 'contacts';
}

export interface DraftContact {
  /** Stable key for the list on screen. */
  key: string;
  personKind: PersonKind;
  personId?: string | undefined;
  questionType?: string | undefined;
  /** A key of `orientations`, `''` for none. */
  orientation: Orientation | '';
  /** The place named when `orientation` is `autre`. */
  orientationText: string;
}

export interface LogDraft {
  contacts: DraftContact[];
  /** Directory entries (group time) or families (workshop) ticked as present, with their kind. */
  present: { id: string; kind: PersonKind }[];
  /** Families without a file at a workshop: one anonymous contact each. */
  anonymousFamilies: number;
  childrenCount: number;
  theme: string;
  notes: string;
  /** Contacts of the earlier log that this form does not show, written back as they were. */
  kept: Contact[];
}

const isOrientation = (v: string): v is Orientation => (orientations as readonly string[]).includes(v);

export function draftContact(personKind: PersonKind, personId?: string): DraftContact {
  return { key: crypto.randomUUID(), personKind, personId, orientation: '', orientationText: '' };
}

function fromContact(c: Contact): DraftContact {
  const o = c.orientation ?? '';
  return {
    key: crypto.randomUUID(),
    personKind: c.personKind,
    personId: c.personId,
    questionType: c.questionType,
    orientation: o === '' ? '' : isOrientation(o) ? o : 'autre',
    orientationText: o !== '' && !isOrientation(o) ? o : '',
  };
}

/** The form's starting state: empty, or the author's latest log of this session. */
export function draftFrom(log: Pick<RecordOf<'sessionLog'>, 'contacts' | 'childrenCount' | 'theme' | 'notes'> | undefined, form: FormKind): LogDraft {
  const draft: LogDraft = { contacts: [], present: [], anonymousFamilies: 0, childrenCount: log?.childrenCount ?? 0, theme: log?.theme ?? '', notes: log?.notes ?? '', kept: [] };
  for (const c of log?.contacts ?? []) {
    if (form === 'contacts') draft.contacts.push(fromContact(c));
    else if (form === 'collective' && c.personId !== undefined && (c.personKind === 'assistant_maternel' || c.personKind === 'garde_domicile') && !c.questionType && !c.orientation) {
      draft.present.push({ id: c.personId, kind: c.personKind });
    } else if (form === 'workshop' && c.personKind === 'family' && !c.questionType && !c.orientation) {
      if (c.personId === undefined) draft.anonymousFamilies++;
      else draft.present.push({ id: c.personId, kind: 'family' });
    } else draft.kept.push(c);
  }
  return draft;
}

function toContact(d: DraftContact): Contact {
  const orientation = d.orientation === 'autre' ? d.orientationText.trim() || 'autre' : d.orientation;
  return {
    personKind: d.personKind,
    ...(d.personId ? { personId: d.personId } : {}),
    ...(d.questionType ? { questionType: d.questionType } : {}),
    ...(orientation ? { orientation } : {}),
  };
}

/** The fields of the new log, or `undefined` when there is nothing to record. */
export function logFields(draft: LogDraft, form: FormKind, who: { sessionId: string; authorId: string; loggedAt: string }): FieldsOf<'sessionLog'> | undefined {
  const contacts: Contact[] = [...draft.kept];
  if (form === 'contacts') contacts.push(...draft.contacts.map(toContact));
  else {
    // Each one present once, whatever was tapped twice.
    const seen = new Set<string>();
    for (const p of draft.present) if (!seen.has(p.id) && seen.add(p.id)) contacts.push({ personKind: p.kind, personId: p.id });
    if (form === 'workshop') for (let i = 0; i < draft.anonymousFamilies; i++) contacts.push({ personKind: 'family' });
  }
  const theme = draft.theme.trim();
  const notes = draft.notes.trim();
  // The contacts form shows no counter: a headcount there comes from the earlier log and stays.
  const children = draft.childrenCount;
  if (contacts.length === 0 && children === 0 && theme === '' && notes === '') return undefined;
  return {
    ...who,
    contacts,
    ...(children > 0 ? { childrenCount: children } : {}),
    ...(theme ? { theme } : {}),
    ...(notes ? { notes } : {}),
  };
}
