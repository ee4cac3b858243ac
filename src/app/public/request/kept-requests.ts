/**
 * The requests a parent sent from this phone, kept in the phone's public database: the secret of
 * each private link, what is still to send, and the last status read. Nothing here needs an
 * account; the request itself is sent when a network comes back.
 */
import { z } from 'zod';
import { isoInstant, uuid } from '../../../domain/common';
import { appointmentAsk, publicRequestSchema, publicRequestStatusSchema, requestSecret } from '../../../domain/public/request';
import type { TourneeDB } from '../../db/database';

const KEY = 'parentRequests';

export const keptRequestSchema = z.object({
  id: uuid,
  secret: requestSecret,
  receiptCode: z.string(),
  createdAt: isoInstant,
  /** What is still to send: present until the server has the request. */
  pending: publicRequestSchema.optional(),
  /** Slots asked from the status page, still to send. */
  asks: z.array(appointmentAsk).max(10).optional(),
  /** The server refused it as it is (a 4xx): shown to the person, not sent again unchanged. */
  refused: z.string().optional(),
  status: publicRequestStatusSchema.optional(),
  checkedAt: isoInstant.optional(),
  erased: z.boolean().optional(),
});
export type KeptRequest = z.infer<typeof keptRequestSchema>;

/** The kept requests, newest first; an entry the app no longer understands is left out, not fatal. */
export async function keptRequests(db: TourneeDB): Promise<KeptRequest[]> {
  const raw = (await db.meta.get(KEY))?.value;
  const list = Array.isArray(raw) ? raw : [];
  return list.flatMap((item) => {
    const parsed = keptRequestSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Changes the kept list in one transaction, so a send finishing while the person submits loses nothing. */
export async function updateKept(db: TourneeDB, change: (list: KeptRequest[]) => KeptRequest[]): Promise<KeptRequest[]> {
  return db.transaction('rw', db.meta, async () => {
    const next = change(await keptRequests(db));
    await db.meta.put({ key: KEY, value: next });
    return next;
  });
}

/** Adds or replaces one request by id. */
export function keep(db: TourneeDB, request: KeptRequest): Promise<KeptRequest[]> {
  return updateKept(db, (list) => [request, ...list.filter((r) => r.id !== request.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
}

export function patchKept(db: TourneeDB, id: string, patch: Partial<KeptRequest>): Promise<KeptRequest[]> {
  return updateKept(db, (list) => list.map((r) => (r.id === id ? { ...r, ...patch } : r)));
}

/** A secret of 16 random bytes, base64url: the private link's proof. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The private link of a request: the app's address with the id and secret after `#`, which
 * browsers never send to a server, so neither appears in any log.
 */
export function privateLink(origin: string, request: Pick<KeptRequest, 'id' | 'secret'>): string {
  return `${origin}/#/suivi/${request.id}.${request.secret}`;
}

/** The id and secret in a private link's fragment (`#/suivi/<id>.<secret>`), if it holds them. */
export function parsePrivateLink(hash: string): { id: string; secret: string } | undefined {
  const match = /^#\/suivi\/([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return undefined;
  const id = uuid.safeParse(match[1]);
  const secret = requestSecret.safeParse(match[2]);
  return id.success && secret.success ? { id: id.data, secret: secret.data } : undefined;
}
