/** The audit log as a spreadsheet: French column names, every cell through the formula guard. */
import { toCsv, type CsvCell } from '../../domain/csv/write';
import type { AuditEvent } from '../storage/store';

export const AUDIT_CSV_HEADER = [
  'n°',
  'reçu le',
  'date déclarée par l’appareil',
  'action',
  'auteur',
  'e-mail saisi',
  'compte concerné',
  'dossier famille',
  'territoires',
  'adresse',
  'appareil',
  'détail',
] as const;

export function auditCsv(events: readonly AuditEvent[], names: ReadonlyMap<string, string>): string {
  const who = (id: string | undefined): CsvCell => (id === undefined ? '' : `${names.get(id) ?? 'inconnu'} (${id})`);
  const rows: CsvCell[][] = events.map((e) => [
    e.seq,
    e.at,
    e.claimedAt,
    e.action,
    who(e.actorId),
    e.actorEmail,
    who(e.targetUserId),
    e.familyId,
    e.territoryIds.join(' '),
    e.address,
    e.deviceName,
    Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : '',
  ]);
  return toCsv([[...AUDIT_CSV_HEADER], ...rows]);
}
