/**
 * Fills a store before the server starts: the demo data (as `npm start` would seed it), then
 * bench records and accounts written through the store's own `putRecord`, the way the seed of
 * src/server/seed/seed.ts writes (version 1, one sequence number each).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { recordSchema, type EntityName, type FieldsOf, type RecordOf } from '../../src/domain/registry';
import { directoryKinds } from '../../src/domain/entities/directory-entry';
import { hashPassword } from '../../src/server/auth/password';
import { buildDemoData } from '../../src/server/seed/demo-data';
import { seedIfEmpty } from '../../src/server/seed/seed';
import { openStore } from '../../src/server/storage/open';
import type { JsonObject, Store } from '../../src/server/storage/store';
import { serverFieldMeta } from '../../src/server/sync/push';
import { seededRandom as rng } from '../../src/domain/random';
export { rng };

export type StoreTarget = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/** The environment that makes src/server/main.ts open this store. */
export function serverEnv(target: StoreTarget): Record<string, string> {
  return target.kind === 'sqlite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.url };
}

export async function openTarget(target: StoreTarget): Promise<Store> {
  const env: NodeJS.ProcessEnv = target.kind === 'sqlite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.url };
  return (await openStore(env)).store;
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'tournee.sqlite');
}

export const demo = buildDemoData();
const animatorAccount = demo.accounts.find((a) => a.role === 'animator')!;
export const animator = { email: animatorAccount.email, password: animatorAccount.password, territoryId: animatorAccount.territoryIds[0]! };

/** INSEE codes of the demo communes of a territory. */
export function communeCodes(territoryId: string): string[] {
  return demo.records.filter((r) => r.entity === 'commune' && r.record.territoryId === territoryId).map((r) => String(r.record.code));
}

/** How many records of an entity the demo seed puts in a territory. */
export function demoCount(entity: EntityName, territoryId: string): number {
  return demo.records.filter((r) => r.entity === entity && r.record.territoryId === territoryId).length;
}

const firstNames = ['Camille', 'Léa', 'Nadia', 'Sophie', 'Aurélie', 'Isabelle', 'Fatima', 'Julie', 'Marie', 'Sandrine', 'Chantal', 'Yasmine'];
const lastNames = ['Martin', 'Bernard', 'Payet', 'Grondin', 'Hoarau', 'Fontaine', 'Robert', 'Faure', 'Chambon', 'Técher', 'Morel', 'Girard'];
const streets = ['rue de la République', 'place de l’Église', 'chemin des Écoliers', 'route du Pilat', 'allée des Tilleuls', 'rue Victor-Hugo'];
const languages = ['fr', 'ar', 'pt', 'tr', 'en', 'es', 'rcf', 'mg'];

/** `n` directory entries of a territory, full records as a device stores them (version 1). */
export function makeDirectoryEntries(n: number, territoryId: string, codes: readonly string[], seed = 1, updatedAt = '2026-01-02T00:00:00.000Z'): RecordOf<'directoryEntry'>[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: RecordOf<'directoryEntry'>[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(directoryKinds);
    const person = kind === 'assistant_maternel' || kind === 'garde_domicile';
    const name = person ? `${pick(firstNames)} ${pick(lastNames)} (${i + 1})` : `${kind.replace(/_/g, ' ')} ${pick(lastNames)} n° ${i + 1}`;
    const fields: FieldsOf<'directoryEntry'> = {
      kind,
      name,
      communeCode: pick(codes),
      address: `${1 + Math.floor(r() * 120)} ${pick(streets)}`,
      phone: `04 77 ${String(Math.floor(r() * 100)).padStart(2, '0')} ${String(Math.floor(r() * 100)).padStart(2, '0')} ${String(Math.floor(r() * 100)).padStart(2, '0')}`,
      email: `contact${i + 1}@exemple.fr`,
      lat: Math.round((45.2 + r() * 0.2) * 1e5) / 1e5,
      lon: Math.round((4.3 + r() * 0.3) * 1e5) / 1e5,
      placesAvailable: Math.floor(r() * 4),
      ageMinMonths: 0,
      ageMaxMonths: person ? 72 : 48,
      ...(r() < 0.3 ? { languages: ['fr', pick(languages)] } : {}),
      ...(r() < 0.2 ? { notes: 'Accueil possible en horaires décalés, à confirmer par téléphone.' } : {}),
    };
    out.push({ id: randomUUID(), version: 1, updatedAt, deleted: false, territoryId, ...fields });
  }
  // Fail before writing anything if the generator drifts from the schema.
  for (const rec of out.slice(0, 50)) recordSchema('directoryEntry').parse(rec);
  return out;
}

/** Writes full records as version 1, `batch` records per transaction; returns the last sequence number given. */
export async function putRecords(store: Store, entity: EntityName, records: readonly Record<string, unknown>[], batch = 5000): Promise<number> {
  let lastSeq = 0;
  for (let i = 0; i < records.length; i += batch) {
    const slice = records.slice(i, i + batch);
    lastSeq = await store.withTransaction(async (tx) => {
      let seq = 0;
      for (const record of slice) {
        const { id, version: _version, updatedAt, ...rest } = record;
        const at = String(updatedAt);
        const data = rest as JsonObject;
        seq = (await tx.putRecord({ entity, id: String(id), version: 1, updatedAt: at, data, fields: serverFieldMeta(data, 1, at) })).seq;
      }
      return seq;
    });
  }
  return lastSeq;
}

/** Every bench account has this password. */
export const BENCH_PASSWORD = 'bench-password';

export interface BenchAccount {
  userId: string;
  email: string;
  territoryId: string;
}

/**
 * Creates staff accounts (staffUser records and credentials). `scryptCost` is the N of their
 * password hashes (self-describing, so the server verifies them as they are).
 */
export async function addAccounts(store: Store, accounts: readonly BenchAccount[], scryptCost: number): Promise<void> {
  // One hash for every account (same password, same salt): fine for throwaway bench accounts.
  const hash = await hashPassword(BENCH_PASSWORD, scryptCost);
  const users = accounts.map((a) => ({
    id: a.userId,
    version: 1,
    updatedAt: '2026-01-02T00:00:00.000Z',
    deleted: false,
    territoryId: a.territoryId,
    name: `Appareil de test ${a.email}`,
    email: a.email,
    role: 'animator' as const,
    territoryIds: [a.territoryId],
    active: true,
  }));
  for (const u of users.slice(0, 5)) recordSchema('staffUser').parse(u);
  await putRecords(store, 'staffUser', users);
  await store.withTransaction(async (tx) => {
    for (const a of accounts) await tx.putCredential({ userId: a.userId, email: a.email, passwordHash: hash });
  });
}

/** Demo data first (what a fresh `npm start` seeds), so the server does not seed over our records. */
export async function seedDemo(store: Store): Promise<void> {
  await seedIfEmpty(store, demo);
}
