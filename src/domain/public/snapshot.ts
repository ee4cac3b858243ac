import { z } from 'zod';
import { isoInstant, uuid } from '../common';
import { recordSchema, type RecordOf } from '../registry';

/**
 * What anyone may read without an account: the territories served and, per territory, its
 * communes and directory. Staff notes are never part of it.
 */
export const publicTerritoriesSchema = z.object({
  territories: z.array(z.object({ id: uuid, name: z.string(), departement: z.string().optional() })),
});
export type PublicTerritories = z.infer<typeof publicTerritoriesSchema>;

/** Directory fields kept out of the public copy. */
export const privateDirectoryFields = ['notes'] as const;

export const publicSnapshotSchema = z.object({
  territory: recordSchema('territory'),
  communes: z.array(recordSchema('commune')),
  directoryEntries: z.array(recordSchema('directoryEntry')),
  generatedAt: isoInstant,
});
export type PublicSnapshot = z.infer<typeof publicSnapshotSchema>;

/** The public copy of a directory entry. */
export function publicDirectoryEntry(entry: RecordOf<'directoryEntry'>): RecordOf<'directoryEntry'> {
  const copy: Record<string, unknown> = { ...entry };
  for (const key of privateDirectoryFields) delete copy[key];
  return copy as RecordOf<'directoryEntry'>;
}
