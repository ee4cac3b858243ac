/** What the browser says about this device's storage, and whether space is getting short. */
export interface StorageStatus {
  usage?: number | undefined;
  quota?: number | undefined;
  persisted?: boolean | undefined;
  low: boolean;
}

/** Below this much free space, large downloads (first sync, map packs) are discouraged. */
export const LOW_SPACE_BYTES = 200 * 1024 * 1024;

export async function storageStatus(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageStatus> {
  const estimate = await storage?.estimate?.().catch(() => undefined);
  const persisted = await storage?.persisted?.().catch(() => undefined);
  const free = estimate?.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : undefined;
  return { usage: estimate?.usage, quota: estimate?.quota, persisted, low: free !== undefined && free < LOW_SPACE_BYTES };
}
