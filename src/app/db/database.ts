import Dexie, { type Table } from 'dexie';
import type { EntityName, RecordOf } from '../../domain/registry';
import { entities } from '../../domain/registry';
import { vaultMiddleware } from '../crypto/middleware';
import { Vault } from '../crypto/vault';
import { schemaV2, schemaV5 } from './schema';

/** One local edit waiting to reach the server. Written in the same transaction as the record. */
export interface OutboxEntry {
  seq?: number;
  mutationId: string;
  entity: EntityName;
  recordId: string;
  baseVersion: number;
  territoryId: string;
  changes: Record<string, unknown>;
  at: string;
  /** `rejected`: the server refused it; kept so nothing typed is lost, shown to the person. */
  state: 'pending' | 'rejected';
  error?: string;
}

/** A routing graph built on this device from a road network file, for one territory. */
export interface RoadGraphEntry {
  territoryId: string;
  /** serializeGraph() output: typed arrays in one buffer. */
  buffer: ArrayBuffer;
  nodes: number;
  edges: number;
  source: string;
  builtAt: string;
  /** SHA-256 (hex) of the buffer: compared with the server's copy to skip a download. */
  sha256?: string;
  /** True once the server holds this very graph (shared by the coordination). */
  shared?: boolean;
}

/** A basemap pack (PMTiles) kept whole on the device so maps have a background offline. */
export interface BasemapEntry {
  territoryId: string;
  file: Blob;
  name: string;
  importedAt: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** The device's database: one table per synced entity, the outbox, and small settings. */
export class TourneeDB extends Dexie {
  outbox!: Table<OutboxEntry, number>;
  meta!: Table<MetaEntry, string>;
  roadGraphs!: Table<RoadGraphEntry, string>;
  basemaps!: Table<BasemapEntry, string>;
  /** The data key and decrypted values while unlocked; off unless enabled (docs/encryption.md). */
  readonly vault: Vault = new Vault(this);

  constructor(name = 'tournee') {
    super(name);
    this.use(vaultMiddleware(this.vault));
    // Only versions with an upgrade are declared besides the latest: Dexie builds the tables of
    // the others from the difference, and parsing five schemas twice slowed every start.
    this.version(2)
      .stores(schemaV2)
      .upgrade(async (tx) => {
        await tx.table('outbox').toCollection().modify((entry: Partial<OutboxEntry>) => {
          entry.state ??= 'pending';
        });
      });
    this.version(5).stores(schemaV5);
  }

  /** The table holding records of one entity. */
  records<E extends EntityName>(entity: E): Table<RecordOf<E>, string> {
    return this.table(entities[entity].table);
  }
}
