/**
 * Form drafts saved on the device as the person types, so a killed tab, a reload or a flat
 * battery never costs what was typed. A draft lives in the meta table until the form is saved or
 * cancelled. With the vault on, a draft is stored sealed as one value (it holds what a family
 * said); while locked it is neither read nor written, and the form keeps what it has.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isEnvelope } from '../crypto/field-crypto';
import { metaTarget } from '../crypto/vault';
import type { TourneeDB } from '../db/database';
import { getMeta } from '../db/meta';

const PREFIX = 'draft:';
const SAVE_DELAY_MS = 300;

export function hasDraft(db: TourneeDB, key: string): Promise<boolean> {
  return getMeta(db, PREFIX + key).then((v) => v !== undefined);
}

/** The draft kept under `key`, readable again; undefined when there is none or it cannot be read now. */
export async function loadDraft<T>(db: TourneeDB, key: string): Promise<T | undefined> {
  const stored = await getMeta<unknown>(db, PREFIX + key);
  if (!isEnvelope(stored)) return stored as T | undefined;
  const dataKey = await db.vault.settledKey();
  if (!dataKey) return undefined;
  const open = await db.vault.complete(metaTarget(PREFIX + key), { value: stored }, dataKey);
  return open.value as T | undefined;
}

/** Stores a draft, sealed when the vault is on; false when locked (nothing written). */
export async function saveDraft<T>(db: TourneeDB, key: string, value: T): Promise<boolean> {
  let stored: unknown = value;
  if (db.vault.enabled) {
    const dataKey = await db.vault.settledKey();
    if (!dataKey) return false;
    stored = (await db.vault.seal(metaTarget(PREFIX + key), { value }, dataKey)).value;
  }
  await db.meta.put({ key: PREFIX + key, value: stored });
  return true;
}

/** Seals the drafts stored in clear by an earlier version; runs once the keyring exists. */
export async function sealStoredDrafts(db: TourneeDB): Promise<number> {
  const rows = await db.meta.where('key').startsWith(PREFIX).toArray();
  let sealed = 0;
  for (const row of rows) {
    if (isEnvelope(row.value)) continue;
    if (await saveDraft(db, row.key.slice(PREFIX.length), row.value)) sealed += 1;
  }
  return sealed;
}

export interface Draft<T> {
  value: T;
  set: (v: T) => void;
  /** A draft from an earlier visit was found and put back in the form. */
  restored: boolean;
  /** Forget the draft: the form was saved or cancelled. */
  discard: () => Promise<void>;
}

/** State of a form backed by a draft stored on the device. */
export function useDraft<T>(db: TourneeDB, key: string, initial: T): Draft<T> {
  const [value, setValue] = useState<T>(initial);
  const [restored, setRestored] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Saves one after the other: sealing is asynchronous, and an older draft must not land last.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let alive = true;
    void loadDraft<T>(db, key).then((draft) => {
      if (!alive) return;
      if (draft !== undefined) {
        setValue(draft);
        setRestored(true);
      }
    });
    return () => {
      alive = false;
      clearTimeout(timer.current);
    };
  }, [db, key]);

  function set(next: T) {
    setValue(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // A failed draft write is not worth interrupting the person for; the form still holds it.
      queue.current = queue.current.then(() => saveDraft(db, key, next)).catch((e: unknown) => console.error('draft not saved', e));
    }, SAVE_DELAY_MS);
  }

  async function discard() {
    clearTimeout(timer.current);
    await queue.current;
    await db.meta.delete(PREFIX + key);
  }

  return { value, set, restored, discard };
}
