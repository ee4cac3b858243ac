/**
 * Sends what a parent's phone holds and reads back the status of their requests. Every step is
 * safe to repeat: the server knows a request by the id the phone gave it.
 */
import { REQUEST_SECRET_HEADER, publicRequestStatusSchema, type AppointmentAsk } from '../../../domain/public/request';
import type { TourneeDB } from '../../db/database';
import { HttpError, NetworkError, apiRequest, type ApiOptions } from '../../sync/api';
import { keptRequests, patchKept, updateKept, type KeptRequest } from './kept-requests';

export type SendOutcome = 'sent' | 'offline' | 'refused';

/** The public endpoints need no account: no token is sent even if staff are signed in here. */
function anonymous(api: ApiOptions): ApiOptions {
  return { ...api, getToken: async () => undefined };
}

function isRefusal(err: unknown): err is HttpError {
  return err instanceof HttpError && err.status >= 400 && err.status < 500 && err.status !== 429 && err.status !== 408;
}

/** Sends what one kept request still holds: the request itself, then the slots asked since. */
async function sendOne(db: TourneeDB, api: ApiOptions, kept: KeptRequest): Promise<SendOutcome> {
  if (kept.refused) return 'refused';
  try {
    if (kept.pending) {
      const body = await apiRequest(anonymous(api), 'POST', '/api/public/requests', kept.pending);
      await patchKept(db, kept.id, { pending: undefined, status: publicRequestStatusSchema.parse(body), checkedAt: new Date().toISOString() });
    }
    for (const ask of kept.asks ?? []) {
      const body = await apiRequest(anonymous(api), 'POST', `/api/public/requests/${kept.id}/appointment`, ask, { [REQUEST_SECRET_HEADER]: kept.secret });
      await updateKept(db, (list) =>
        list.map((r) => (r.id === kept.id ? { ...r, asks: (r.asks ?? []).filter((a) => a.id !== ask.id), status: publicRequestStatusSchema.parse(body), checkedAt: new Date().toISOString() } : r)),
      );
    }
    return 'sent';
  } catch (err) {
    if (isRefusal(err)) {
      // Kept, with the server's French reason, so the person can see what to change.
      await patchKept(db, kept.id, { refused: err.message });
      return 'refused';
    }
    if (err instanceof NetworkError || err instanceof HttpError) return 'offline';
    throw err;
  }
}

/** Sends every pending request; answers how many are still waiting for a network. */
export async function sendPending(db: TourneeDB, api: ApiOptions): Promise<number> {
  let waiting = 0;
  for (const kept of await keptRequests(db)) {
    if ((kept.pending || kept.asks?.length) && (await sendOne(db, api, kept)) === 'offline') waiting += 1;
  }
  return waiting;
}

/** Reads the current status of every sent request; offline, the last one read stays shown. */
export async function refreshStatuses(db: TourneeDB, api: ApiOptions): Promise<void> {
  for (const kept of await keptRequests(db)) {
    if (kept.pending || kept.asks?.length || kept.erased) continue;
    try {
      const body = await apiRequest(anonymous(api), 'GET', `/api/public/requests/${kept.id}`, undefined, { [REQUEST_SECRET_HEADER]: kept.secret });
      await patchKept(db, kept.id, { status: publicRequestStatusSchema.parse(body), checkedAt: new Date().toISOString() });
    } catch (err) {
      if (err instanceof HttpError && err.status === 410) await patchKept(db, kept.id, { erased: true, checkedAt: new Date().toISOString() });
      else if (!(err instanceof NetworkError || err instanceof HttpError)) throw err;
    }
  }
}

/** Queues a slot asked from the status page; it is sent with the next round, offline or not. */
export function queueAppointment(db: TourneeDB, kept: KeptRequest, ask: AppointmentAsk): Promise<KeptRequest[]> {
  return updateKept(db, (list) => list.map((r) => (r.id === kept.id ? { ...r, asks: [...(r.asks ?? []), ask] } : r)));
}
