/**
 * Dexie DBCore middleware between the app and IndexedDB (docs/encryption.md, "Wiring"). On the
 * way out, records and outbox entries have their envelopes replaced by the values the vault
 * holds in memory, synchronously, so every screen and live query reads plain values without a
 * change. On the way in, it is the guard: a sensitive value that reaches IndexedDB in clear is
 * put back in its envelope when unchanged (a `modify` writes back what it read), or sealed while
 * Dexie keeps the transaction alive (`Dexie.waitFor`), or refused while locked. Writers seal
 * before opening their transaction, so this slow path is the exception.
 *
 * Registered above Dexie's own middlewares (level 10 > 0–2): Dexie's query cache and hooks only
 * ever hold envelopes.
 */
import Dexie, { type DBCore, type DBCoreCursor, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import type { EntityName } from '../../domain/registry';
import { LockedError } from './pin-lock';
import { outboxTarget, recordTarget, sealedTables, type SealTarget, type Vault } from './vault';

interface Adapter {
  /** Where the sealed part of a stored value is, and how to put it back. */
  target(value: Record<string, unknown>): SealTarget | undefined;
  inner(value: Record<string, unknown>): unknown;
  outer(value: Record<string, unknown>, inner: unknown): Record<string, unknown>;
}

type OutboxRow = Record<string, unknown> & { entity: EntityName; recordId: string; mutationId: string };

function adapterFor(table: string): Adapter | undefined {
  const entity = sealedTables.get(table);
  if (entity) {
    return {
      target: (v) => (typeof v.id === 'string' ? recordTarget(entity, v.id) : undefined),
      inner: (v) => v,
      outer: (_v, inner) => inner as Record<string, unknown>,
    };
  }
  if (table === 'outbox') {
    return {
      target: (v) => (typeof v.mutationId === 'string' && typeof v.recordId === 'string' && sealedTables.size > 0 ? outboxTarget(v as OutboxRow) : undefined),
      inner: (v) => v.changes,
      outer: (v, inner) => ({ ...v, changes: inner }),
    };
  }
  return undefined;
}

/**
 * The cursor with its `value` read through `reveal`. A Proxy rather than Object.create: the
 * browser's IDBCursor methods and getters refuse any receiver but the cursor itself.
 */
function revealingCursor(cursor: DBCoreCursor, reveal: (v: unknown) => unknown): DBCoreCursor {
  return new Proxy(cursor, {
    get(target, prop) {
      if (prop === 'value') return reveal(target.value);
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function isRow(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function vaultMiddleware(vault: Vault): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'TourneeVault',
    create(down) {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name);
          const adapter = adapterFor(name);
          if (!adapter) return table;

          const reveal = (value: unknown): unknown => {
            if (!isRow(value)) return value;
            const target = adapter.target(value);
            if (!target) return value;
            const inner = adapter.inner(value);
            const shown = vault.reveal(target, inner);
            return shown === inner ? value : adapter.outer(value, shown);
          };

          const guard = (req: DBCoreMutateRequest): PromiseLike<DBCoreMutateRequest> | DBCoreMutateRequest => {
            if (!vault.enabled || (req.type !== 'add' && req.type !== 'put')) return req;
            let plain = 0;
            const values = req.values.map((value: unknown) => {
              if (!isRow(value)) return value;
              const target = adapter.target(value);
              if (!target) return value;
              const resealed = vault.reseal(target, adapter.inner(value));
              plain += resealed.plain;
              return adapter.outer(value, resealed.value);
            });
            if (plain === 0) return { ...req, values };
            const sealAll = (key: CryptoKey) =>
              Promise.all(
                values.map((value: unknown) => {
                  if (!isRow(value)) return value;
                  const target = adapter.target(value)!;
                  return vault.seal(target, adapter.inner(value), key).then((inner) => adapter.outer(value, inner));
                }),
              );
            const key = vault.key();
            const unlocking = key ? null : vault.unlockingKey();
            if (!key && !unlocking) throw new LockedError();
            const sealed = key
              ? sealAll(key)
              : unlocking!.then((k) => {
                  if (!k) throw new LockedError();
                  return sealAll(k);
                });
            // Keeps the caller's transaction alive while WebCrypto works (busy, but rare).
            return Dexie.waitFor(sealed).then((v) => ({ ...req, values: v }));
          };

          return {
            ...table,
            get: (req) => table.get(req).then(reveal),
            getMany: (req) => table.getMany(req).then((values) => values.map(reveal)),
            query: (req) => (req.values ? table.query(req).then((res) => ({ ...res, result: res.result.map(reveal) })) : table.query(req)),
            openCursor: (req) =>
              req.values
                ? table.openCursor(req).then((cursor) => cursor && revealingCursor(cursor, reveal))
                : table.openCursor(req),
            mutate: (req) => {
              let guarded: PromiseLike<DBCoreMutateRequest> | DBCoreMutateRequest;
              try {
                guarded = guard(req);
              } catch (e) {
                return Promise.reject(e);
              }
              return 'then' in guarded ? Promise.resolve(guarded.then((r) => table.mutate(r))) : table.mutate(guarded);
            },
          };
        },
      };
    },
  };
}
