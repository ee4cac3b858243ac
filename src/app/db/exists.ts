/**
 * Whether a database may exist on this device, asked without opening it: opening creates it. A
 * parent's phone never needs the staff database, and a first visit need not wait for an empty
 * database to be built before drawing its first screen. Where the browser cannot list its
 * databases the answer is `true`, and the app opens the database as it would anyway.
 */
export async function databaseMayExist(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    const found = await indexedDB.databases();
    return found.some((d) => d.name === name);
  } catch {
    return true;
  }
}
