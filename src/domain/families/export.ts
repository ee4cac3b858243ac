/**
 * A family's data as a file (RGPD right of access): every record linked to the file, as stored,
 * in one JSON document made on the device.
 */
import type { FamilyBundle } from './bundle';

export const FAMILY_EXPORT_FORMAT = 'tournee-family-export';

export interface FamilyExport {
  format: typeof FAMILY_EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  family: FamilyBundle['family'];
  mergedFamilies: FamilyBundle['mergedFamilies'];
  intakeRequests: FamilyBundle['intakeRequests'];
  appointments: FamilyBundle['appointments'];
  busEnrollments: FamilyBundle['busEnrollments'];
  supportNotes: FamilyBundle['supportNotes'];
  attendanceEvents: FamilyBundle['attendanceEvents'];
  /** Session logs cut down to the contacts with this family: nobody else's data leaves. */
  contacts: FamilyBundle['contacts'];
}

export function familyExport(bundle: FamilyBundle, exportedAt: string): FamilyExport {
  return { format: FAMILY_EXPORT_FORMAT, version: 1, exportedAt, ...bundle };
}

/** A file name that says what it is, without the family's name (file names leak into logs). */
export function familyExportName(familyId: string, exportedAt: string, ext: 'json' | 'html'): string {
  return `dossier-famille-${familyId.slice(0, 8)}-${exportedAt.slice(0, 10)}.${ext}`;
}
