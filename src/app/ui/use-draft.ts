/**
 * Form drafts saved on the device as the person types, so a killed tab, a reload or a flat
 * battery never costs what was typed. A draft lives in the meta table until the form is saved or
 * cancelled.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TourneeDB } from '../db/database';
import { getMeta } from '../db/meta';

const PREFIX = 'draft:';
const SAVE_DELAY_MS = 300;

export function hasDraft(db: TourneeDB, key: string): Promise<boolean> {
  return getMeta(db, PREFIX + key).then((v) => v !== undefined);
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

  useEffect(() => {
    let alive = true;
    void getMeta<T>(db, PREFIX + key).then((draft) => {
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
      db.meta.put({ key: PREFIX + key, value: next }).catch((e: unknown) => console.error('draft not saved', e));
    }, SAVE_DELAY_MS);
  }

  async function discard() {
    clearTimeout(timer.current);
    await db.meta.delete(PREFIX + key);
  }

  return { value, set, restored, discard };
}
