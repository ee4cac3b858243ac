import type { Role } from '../../domain/common';
import { recordSchema, type EntityName } from '../../domain/registry';
import { DEFAULT_SCRYPT_COST, hashPassword } from '../auth/password';
import type { JsonObject, Store } from '../storage/store';
import { serverFieldMeta } from '../sync/push';

/** Same shape as DemoData in demo-data.ts; declared here so tests can seed their own fixtures. */
export interface SeedAccount {
  userId: string;
  email: string;
  password: string;
  name: string;
  role: Role;
  territoryIds: string[];
}

export interface SeedData {
  records: Array<{ entity: EntityName; record: Record<string, unknown> }>;
  accounts: SeedAccount[];
}

/**
 * Writes the given records (as version 1, through the normal record path so they get sequence
 * numbers) and the accounts' credentials, only if the store holds no record yet.
 * Returns whether it seeded.
 */
export async function seedIfEmpty(store: Store, data: SeedData, scryptCost: number = DEFAULT_SCRYPT_COST): Promise<boolean> {
  const isEmpty = async () => (await store.withTransaction((tx) => tx.countRecords())) === 0;
  if (!(await isEmpty())) return false;

  // Fail before writing anything if the fixtures do not match the schemas.
  const records = data.records.map(({ entity, record }) => {
    const parsed = recordSchema(entity).safeParse(record);
    if (!parsed.success) {
      throw new Error(`seed record ${entity}/${String(record.id)} is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    return { entity, record: parsed.data as JsonObject };
  });
  // Hashing is slow by design: done outside the transaction.
  const credentials = await Promise.all(
    data.accounts.map(async (a) => ({ userId: a.userId, email: a.email, passwordHash: await hashPassword(a.password, scryptCost) })),
  );

  return store.withTransaction(async (tx) => {
    if ((await tx.countRecords()) > 0) return false;
    for (const { entity, record } of records) {
      const { id, version: _version, updatedAt, ...rest } = record;
      const at = String(updatedAt);
      await tx.putRecord({ entity, id: String(id), version: 1, updatedAt: at, data: rest, fields: serverFieldMeta(rest, 1, at) });
    }
    for (const credential of credentials) await tx.putCredential(credential);
    return true;
  });
}
