import type Dexie from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { databaseMayExist } from './exists';

/**
 * Whether `db` exists on the device, becoming true when it is opened later (a sign-in creates
 * the staff database). Screens that merely look into a database ask this first, so that looking
 * does not create it on a phone that never needs it.
 */
export function useDatabaseExists(db: Dexie): boolean {
  const [exists, setExists] = useState(() => db.isOpen());
  useEffect(() => {
    if (exists) return;
    let alive = true;
    const found = () => {
      if (alive) setExists(true);
    };
    void databaseMayExist(db.name).then((yes) => yes && found());
    db.on('ready', found);
    return () => {
      alive = false;
      db.on('ready').unsubscribe(found);
    };
  }, [db, exists]);
  return exists;
}
