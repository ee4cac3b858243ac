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

/** Fields kept out of the public copy: staff notes, who works when, server notices. */
export const privateDirectoryFields = ['notes'] as const;
const privateSiteFields = ['notes'] as const;
const privateSeriesFields = ['staffIds'] as const;
const privateSessionFields = ['staffIds', 'notice', 'rrule'] as const;

function without<T extends object>(record: T, keys: readonly string[]): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy as T;
}

/** Public copies of the schedule: where and when the relais or the bus comes, and what was cancelled. */
export const publicSite = (site: RecordOf<'site'>) => without(site, privateSiteFields);
export const publicSeries = (series: RecordOf<'scheduleSeries'>) => ({ ...without(series, privateSeriesFields), staffIds: [] });
export const publicSession = (session: RecordOf<'scheduledSession'>) => ({ ...without(session, privateSessionFields), staffIds: [] });

/** Sessions from a day back to this many days ahead are in the public copy. */
export const PUBLIC_SCHEDULE_DAYS = 120;

export const publicSnapshotSchema = z.object({
  territory: recordSchema('territory'),
  communes: z.array(recordSchema('commune')),
  directoryEntries: z.array(recordSchema('directoryEntry')),
  sites: z.array(recordSchema('site')).default([]),
  scheduleSeries: z.array(recordSchema('scheduleSeries')).default([]),
  scheduledSessions: z.array(recordSchema('scheduledSession')).default([]),
  generatedAt: isoInstant,
});
export type PublicSnapshot = z.infer<typeof publicSnapshotSchema>;

/** The public copy of a directory entry. */
export function publicDirectoryEntry(entry: RecordOf<'directoryEntry'>): RecordOf<'directoryEntry'> {
  return without(entry, privateDirectoryFields);
}
