import type { PublicSnapshot, PublicTerritories } from '../../domain/public/snapshot';
import { PUBLIC_SCHEDULE_DAYS, publicDirectoryEntry, publicSeries, publicSession, publicSite } from '../../domain/public/snapshot';
import { recordSchema, type EntityName, type RecordOf } from '../../domain/registry';
import type { StoreTx } from '../storage/store';
import { toFullRecord } from '../sync/records';

/** Live records of one entity in a territory, each checked against its schema (a bad row is left out, not served). */
async function live<E extends EntityName>(tx: StoreTx, entity: E, territoryId: string): Promise<RecordOf<E>[]> {
  const schema = recordSchema(entity);
  const out: RecordOf<E>[] = [];
  for (const stored of await tx.listRecords(entity, territoryId)) {
    const parsed = schema.safeParse(toFullRecord(stored));
    if (parsed.success && !parsed.data.deleted) out.push(parsed.data);
  }
  return out;
}

export async function publicTerritories(tx: StoreTx): Promise<PublicTerritories> {
  const schema = recordSchema('territory');
  const territories = (await tx.listAllRecords('territory'))
    .map((stored) => schema.safeParse(toFullRecord(stored)))
    .flatMap((p) => (p.success && !p.data.deleted ? [p.data] : []))
    .map((t) => ({ id: t.id, name: t.name, ...(t.departement ? { departement: t.departement } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return { territories };
}

/** The public snapshot of one territory, or undefined when there is no such territory. */
export async function publicSnapshot(tx: StoreTx, territoryId: string, now: Date): Promise<PublicSnapshot | undefined> {
  const territory = (await live(tx, 'territory', territoryId)).find((t) => t.id === territoryId);
  if (!territory) return undefined;
  return {
    territory,
    communes: await live(tx, 'commune', territoryId),
    directoryEntries: (await live(tx, 'directoryEntry', territoryId)).map(publicDirectoryEntry),
    sites: (await live(tx, 'site', territoryId)).map(publicSite),
    scheduleSeries: (await live(tx, 'scheduleSeries', territoryId)).filter((s) => s.active).map(publicSeries),
    scheduledSessions: (await live(tx, 'scheduledSession', territoryId))
      .filter((s) => {
        const start = Date.parse(s.start);
        return start >= now.getTime() - 86_400_000 && start <= now.getTime() + PUBLIC_SCHEDULE_DAYS * 86_400_000;
      })
      .map(publicSession),
    generatedAt: now.toISOString(),
  };
}
