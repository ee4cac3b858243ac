import { z } from 'zod';
import { envelope, type Role } from './common';
import { appointmentFields } from './entities/appointment';
import { attendanceEventFields } from './entities/attendance-event';
import { busEnrollmentFields, enrollmentRangeIssue } from './entities/bus-enrollment';
import { communeFields } from './entities/commune';
import { conflictRecordFields } from './entities/conflict-record';
import { directoryEntryFields } from './entities/directory-entry';
import { familyFields } from './entities/family';
import { intakeRequestFields } from './entities/intake-request';
import { scheduleSeriesFields } from './entities/schedule-series';
import { scheduledSessionFields } from './entities/scheduled-session';
import { sessionLogFields } from './entities/session-log';
import { siteFields } from './entities/site';
import { staffUserFields } from './entities/staff-user';
import { supportNoteFields } from './entities/support-note';
import { surveyResponseFields } from './entities/survey-response';
import { territoryFields } from './entities/territory';

const staff: readonly Role[] = ['animator', 'bus_team', 'coordinator', 'admin'];
const managers: readonly Role[] = ['coordinator', 'admin'];

/**
 * Every synced entity: its data fields, its Dexie table, who may write it and whether it is
 * append-only (created once, never edited, so replicas merge by union).
 */
export const entities = {
  territory: { table: 'territories', fields: territoryFields, writers: managers, appendOnly: false },
  commune: { table: 'communes', fields: communeFields, writers: managers, appendOnly: false },
  site: { table: 'sites', fields: siteFields, writers: managers, appendOnly: false },
  directoryEntry: { table: 'directoryEntries', fields: directoryEntryFields, writers: staff, appendOnly: false },
  family: { table: 'families', fields: familyFields, writers: staff, appendOnly: false },
  intakeRequest: { table: 'intakeRequests', fields: intakeRequestFields, writers: staff, appendOnly: false },
  appointment: { table: 'appointments', fields: appointmentFields, writers: staff, appendOnly: false },
  scheduleSeries: { table: 'scheduleSeries', fields: scheduleSeriesFields, writers: managers, appendOnly: false },
  scheduledSession: { table: 'scheduledSessions', fields: scheduledSessionFields, writers: staff, appendOnly: false },
  sessionLog: { table: 'sessionLogs', fields: sessionLogFields, writers: staff, appendOnly: true },
  attendanceEvent: { table: 'attendanceEvents', fields: attendanceEventFields, writers: staff, appendOnly: true },
  busEnrollment: { table: 'busEnrollments', fields: busEnrollmentFields, writers: staff, appendOnly: false },
  surveyResponse: { table: 'surveyResponses', fields: surveyResponseFields, writers: staff, appendOnly: true },
  staffUser: { table: 'staffUsers', fields: staffUserFields, writers: managers, appendOnly: false },
  conflictRecord: { table: 'conflictRecords', fields: conflictRecordFields, writers: staff, appendOnly: false },
  // Confidential: read and written only by its author and the family's referent (server rules).
  supportNote: { table: 'supportNotes', fields: supportNoteFields, writers: staff, appendOnly: false },
} as const;

export type Entities = typeof entities;
export type EntityName = keyof Entities;
export const entityNames = Object.keys(entities) as EntityName[];
export const entityName = z.enum(entityNames as [EntityName, ...EntityName[]]);

/** The data fields of an entity, without the sync envelope. */
export type FieldsOf<E extends EntityName> = z.infer<Entities[E]['fields']>;
/** A full record of an entity as stored on devices and on the server. */
export type RecordOf<E extends EntityName> = z.infer<typeof envelope> & FieldsOf<E>;

/** Rules across several fields of a whole record, which a field schema alone cannot state. */
const recordRules: { [E in EntityName]?: (record: FieldsOf<E>) => { path: string; message: string } | undefined } = {
  busEnrollment: enrollmentRangeIssue,
};

/**
 * The cross-field rule a whole record breaks, if any. The server can check a merged edit with it
 * (`{ ...stored, ...changes }`), since an edit of one field alone cannot show the other.
 */
export function recordRuleIssue<E extends EntityName>(name: E, record: FieldsOf<E>): { path: string; message: string } | undefined {
  return recordRules[name]?.(record);
}

function withRule<E extends EntityName>(name: E, schema: z.ZodObject): z.ZodType {
  const rule = recordRules[name];
  if (rule === undefined) return schema;
  return schema.superRefine((record, ctx) => {
    const issue = rule(record as FieldsOf<E>);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
}

// Built when first asked for: a parent's phone starts without validating records, and
// building all of them held up the first screen.
const recordSchemas: { [E in EntityName]?: z.ZodType<RecordOf<E>> } = {};

/** Schema of a full record, envelope included. */
export function recordSchema<E extends EntityName>(name: E): z.ZodType<RecordOf<E>> {
  const built = (recordSchemas[name] ??= withRule(name, envelope.extend(entities[name].fields.shape).strict()) as unknown as (typeof recordSchemas)[E]);
  return built as z.ZodType<RecordOf<E>>;
}

const strictFields = new Map<EntityName, z.ZodObject>();
const partialFields = new Map<EntityName, z.ZodObject>();

/** Schema of the data fields alone, strict: unknown fields are refused. */
export function fieldsSchema<E extends EntityName>(name: E) {
  let built = strictFields.get(name);
  if (!built) strictFields.set(name, (built = entities[name].fields.strict()));
  return built as ReturnType<Entities[E]['fields']['strict']>;
}

/** Schema of a partial edit: any subset of the data fields, nothing else. */
export function changesSchema<E extends EntityName>(name: E) {
  let built = partialFields.get(name);
  if (!built) partialFields.set(name, (built = entities[name].fields.partial().strict()));
  return built as ReturnType<ReturnType<Entities[E]['fields']['partial']>['strict']>;
}

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(entities, name);
}
