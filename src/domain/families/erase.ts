/**
 * Erasing a family (at its request, or when its file passed the retention period): every
 * editable record about it becomes a tombstone with its personal fields cleared, so the erasure
 * syncs to every device like any change. What stays is listed in docs/rgpd.md.
 */
import type { z } from 'zod';
import { appointmentFields } from '../entities/appointment';
import { busEnrollmentFields } from '../entities/bus-enrollment';
import { intakeRequestFields } from '../entities/intake-request';
import type { RecordOf } from '../registry';
import type { FamilyBundle } from './bundle';
import { clearedFamilyFields } from './merge';

/** Put in place of a request's phone number, which the schema requires even on a tombstone. */
export const ERASED_PHONE = '00 00 00 00 00';

export interface EraseEdit {
  id: string;
  edit: Record<string, unknown> & { deleted: true };
}

export interface ErasePlan {
  families: EraseEdit[];
  intakeRequests: EraseEdit[];
  appointments: EraseEdit[];
  busEnrollments: EraseEdit[];
  /** Conflict records of those records: they keep both values of a field, personal ones too. */
  conflictRecords: EraseEdit[];
}

/** Every optional field of a schema set to undefined: cleared on the device, null on the wire. */
function clearOptional(fields: z.ZodObject, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(fields.shape)) {
    if (record[key] !== undefined && (schema as z.ZodType).safeParse(undefined).success) out[key] = undefined;
  }
  return out;
}

/**
 * The edits that erase the family of `bundle` at `now`. Parenting-support notes are not in it:
 * the server tombstones them when it receives the erased file (only their author and the
 * referent may write them). Session logs and attendance events are append-only and hold no
 * name, only the file's id, which then leads nowhere.
 */
export function planErase(bundle: FamilyBundle, now: string, conflicts: readonly Pick<RecordOf<'conflictRecord'>, 'id' | 'deleted' | 'recordId'>[] = []): ErasePlan {
  const family = (id: string): EraseEdit => ({ id, edit: { ...clearedFamilyFields, deleted: true, erasedAt: now } });
  const erased = new Set([bundle.family, ...bundle.mergedFamilies, ...bundle.intakeRequests, ...bundle.appointments, ...bundle.busEnrollments].map((r) => r.id));
  return {
    conflictRecords: conflicts.filter((c) => !c.deleted && erased.has(c.recordId)).map((c) => ({ id: c.id, edit: { deleted: true, keptValue: undefined, otherValue: undefined } })),
    families: [family(bundle.family.id), ...bundle.mergedFamilies.map((f) => family(f.id))],
    intakeRequests: bundle.intakeRequests.map((r) => ({
      id: r.id,
      edit: { ...clearOptional(intakeRequestFields, r), phone: ERASED_PHONE, needs: [], deleted: true },
    })),
    appointments: bundle.appointments.map((a) => ({ id: a.id, edit: { ...clearOptional(appointmentFields, a), deleted: true } })),
    busEnrollments: bundle.busEnrollments.map((e) => ({ id: e.id, edit: { ...clearOptional(busEnrollmentFields, e), deleted: true } })),
  };
}

/** How many records an erasure plan touches, for the report shown afterwards. */
export function eraseCounts(plan: ErasePlan): { families: number; intakeRequests: number; appointments: number; busEnrollments: number } {
  // Conflict records are housekeeping, not counted in the report a person reads.
  return { families: plan.families.length, intakeRequests: plan.intakeRequests.length, appointments: plan.appointments.length, busEnrollments: plan.busEnrollments.length };
}
