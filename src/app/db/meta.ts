import type { TourneeDB } from './database';

/** Small typed accessors over the meta table (checkpoint, client id, session…). */
export async function getMeta<T>(db: TourneeDB, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: TourneeDB, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/** A stable id for this installation, made once; the server uses it so a device never conflicts with itself. */
export async function getClientId(db: TourneeDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, 'clientId');
    if (existing) return existing;
    const id = crypto.randomUUID();
    await setMeta(db, 'clientId', id);
    return id;
  });
}
