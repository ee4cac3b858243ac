/**
 * The device's audit queue: family files opened and exports made, recorded at once (offline
 * too) in the local `meta` table, one row per event under `audit:<time>:<id>`, and sent to the
 * server when a network is there. The server stamps the author and its own time; the time here
 * is kept as what the device claims.
 */
import { getMeta } from '../db/meta';
import type { TourneeDB } from '../db/database';
import { HttpError, NetworkError, apiRequest, type ApiOptions } from '../sync/api';

export type DeviceAuditAction = 'family_file_read' | 'export';

export interface AuditEventInput {
  action: DeviceAuditAction;
  familyId?: string;
  /** Small facts about the event (what was exported, how many rows): text, numbers, yes/no. */
  detail?: Record<string, string | number | boolean>;
}

export interface QueuedAuditEvent {
  id: string;
  action: DeviceAuditAction;
  at: string;
  territoryId: string;
  familyId?: string;
  detail?: Record<string, string | number | boolean>;
}

const PREFIX = 'audit:';
/** The server takes 200 events per request. */
const BATCH = 200;

/** The territory an event is filed under: the family's, else the one chosen on the device. */
async function territoryOf(db: TourneeDB, familyId: string | undefined): Promise<string | undefined> {
  if (familyId) {
    const family = await db.records('family').get(familyId);
    if (family) return family.territoryId;
  }
  const chosen = await getMeta<string>(db, 'territoryId');
  if (chosen) return chosen;
  return (await getMeta<{ user?: { territoryIds?: string[] } }>(db, 'session'))?.user?.territoryIds?.[0];
}

/**
 * Records that this device opened a family file or made an export. Never throws for want of a
 * network: the event waits on the device. Returns the queued event (undefined when the device
 * has no territory yet, i.e. nobody is signed in).
 */
export async function recordAudit(db: TourneeDB, input: AuditEventInput): Promise<QueuedAuditEvent | undefined> {
  const territoryId = await territoryOf(db, input.familyId);
  if (!territoryId) return undefined;
  const event: QueuedAuditEvent = {
    id: crypto.randomUUID(),
    action: input.action,
    at: new Date().toISOString(),
    territoryId,
    ...(input.familyId ? { familyId: input.familyId } : {}),
    ...(input.detail ? { detail: input.detail } : {}),
  };
  await db.meta.put({ key: `${PREFIX}${event.at}:${event.id}`, value: event });
  return event;
}

/** Events waiting to be sent, oldest first. */
export async function queuedAuditEvents(db: TourneeDB): Promise<Array<{ key: string; event: QueuedAuditEvent }>> {
  const rows = await db.meta.where('key').startsWith(PREFIX).toArray();
  return rows.map((r) => ({ key: r.key, event: r.value as QueuedAuditEvent }));
}

export type SendOutcome = { sent: number; dropped: number; left: number; stopped?: 'offline' | 'signed_out' | 'later' };

/**
 * Sends the queue in batches. Sent events leave the queue (a resend after a lost answer is
 * recognised by the server). A batch the server refuses as malformed or out of scope (400, 403)
 * would be refused forever: it is dropped. No network, no session or too many sends: kept for later.
 */
export async function sendAuditQueue(db: TourneeDB, api: ApiOptions): Promise<SendOutcome> {
  let sent = 0;
  let dropped = 0;
  for (;;) {
    const batch = (await queuedAuditEvents(db)).slice(0, BATCH);
    if (batch.length === 0) return { sent, dropped, left: 0 };
    const keys = batch.map((b) => b.key);
    try {
      await apiRequest(api, 'POST', '/api/audit/events', { events: batch.map((b) => b.event) });
      sent += batch.length;
    } catch (e) {
      const left = (await queuedAuditEvents(db)).length;
      if (e instanceof NetworkError) return { sent, dropped, left, stopped: 'offline' };
      if (!(e instanceof HttpError)) throw e;
      if (e.status === 401) return { sent, dropped, left, stopped: 'signed_out' };
      if (e.status !== 400 && e.status !== 403) return { sent, dropped, left, stopped: 'later' };
      dropped += batch.length;
    }
    await db.meta.bulkDelete(keys);
  }
}
