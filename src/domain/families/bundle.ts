/**
 * A family file with every record that points to it: what the file screen shows, what an export
 * contains, what an erasure removes and what tells when the family was last seen. Pure: the
 * caller passes the records of the territory.
 */
import type { RecordOf } from '../registry';
import { mergedAliases } from './merge';

type Contact = RecordOf<'sessionLog'>['contacts'][number];

/** A session log as far as it concerns one family: its contacts with them, no one else's. */
export interface FamilyContact {
  logId: string;
  sessionId: string;
  loggedAt: string;
  authorId: string;
  theme?: string | undefined;
  contacts: Contact[];
}

export interface FamilyBundle {
  family: RecordOf<'family'>;
  /** Files merged into this one (tombstones): their ids still appear in append-only records. */
  mergedFamilies: RecordOf<'family'>[];
  intakeRequests: RecordOf<'intakeRequest'>[];
  appointments: RecordOf<'appointment'>[];
  busEnrollments: RecordOf<'busEnrollment'>[];
  supportNotes: RecordOf<'supportNote'>[];
  attendanceEvents: RecordOf<'attendanceEvent'>[];
  contacts: FamilyContact[];
}

export interface TerritoryRecords {
  families: readonly RecordOf<'family'>[];
  intakeRequests: readonly RecordOf<'intakeRequest'>[];
  appointments: readonly RecordOf<'appointment'>[];
  busEnrollments: readonly RecordOf<'busEnrollment'>[];
  supportNotes: readonly RecordOf<'supportNote'>[];
  attendanceEvents: readonly RecordOf<'attendanceEvent'>[];
  sessionLogs: readonly RecordOf<'sessionLog'>[];
}

function sortBy<T>(list: T[], key: (x: T) => string): T[] {
  return list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The records of `familyId` and of the files merged into it, live ones only, oldest first. */
export function collectBundle(records: TerritoryRecords, familyId: string): FamilyBundle | undefined {
  const family = records.families.find((f) => f.id === familyId);
  if (!family) return undefined;
  const ids = mergedAliases(familyId, records.families);
  const mine = <R extends { deleted: boolean; familyId?: string | undefined }>(list: readonly R[]) => list.filter((r) => !r.deleted && r.familyId !== undefined && ids.has(r.familyId));
  const contacts: FamilyContact[] = [];
  for (const log of records.sessionLogs) {
    if (log.deleted) continue;
    const about = log.contacts.filter((c) => c.personKind === 'family' && c.personId !== undefined && ids.has(c.personId));
    if (about.length > 0) contacts.push({ logId: log.id, sessionId: log.sessionId, loggedAt: log.loggedAt, authorId: log.authorId, theme: log.theme, contacts: about });
  }
  return {
    family,
    mergedFamilies: records.families.filter((f) => f.id !== familyId && ids.has(f.id)),
    intakeRequests: sortBy(mine(records.intakeRequests), (r) => r.updatedAt),
    appointments: sortBy(mine(records.appointments), (a) => a.start),
    busEnrollments: sortBy(mine(records.busEnrollments), (e) => e.from),
    supportNotes: sortBy(mine(records.supportNotes), (n) => n.date),
    attendanceEvents: sortBy(mine(records.attendanceEvents), (e) => e.at),
    contacts: sortBy(contacts, (c) => c.loggedAt),
  };
}

/** End of a calendar date, as an instant, so a date compares with instants. */
function endOfDate(date: string): string {
  return `${date}T23:59:59.999Z`;
}

/**
 * The last time anything happened with the family: an edit of its file or of a request, an
 * appointment, a contact at a session, a support session, a bus day or the end of a contract.
 */
export function lastActivity(b: FamilyBundle): string {
  const times = [
    b.family.updatedAt,
    ...b.intakeRequests.map((r) => r.updatedAt),
    ...b.appointments.flatMap((a) => [a.updatedAt, a.end]),
    ...b.busEnrollments.flatMap((e) => [e.updatedAt, endOfDate(e.to)]),
    ...b.supportNotes.flatMap((n) => [n.updatedAt, endOfDate(n.date)]),
    ...b.attendanceEvents.map((e) => e.at),
    ...b.contacts.map((c) => c.loggedAt),
  ];
  return times.reduce((latest, t) => (Date.parse(t) > Date.parse(latest) ? t : latest));
}
