/** A device that is not a browser: a keep-alive HTTP client of the sync API, as the app speaks it. */
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../src/domain/sync/protocol';

export interface Change {
  entity: string;
  record: Record<string, unknown>;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new HttpStatusError(res.status, await res.text());
  return ((await res.json()) as { token: string }).token;
}

export async function pull(url: string, token: string, since: number, limit = 500): Promise<{ changes: Change[]; since: number; hasMore: boolean }> {
  const res = await fetch(`${url}/api/sync/pull?since=${since}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new HttpStatusError(res.status, await res.text());
  return (await res.json()) as { changes: Change[]; since: number; hasMore: boolean };
}

export async function push(url: string, token: string, clientId: string, mutations: Mutation[]): Promise<{ results: { status: string; record: Record<string, unknown> }[] }> {
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, mutations }),
  });
  if (res.status !== 200) throw new HttpStatusError(res.status, await res.text());
  return (await res.json()) as { results: { status: string; record: Record<string, unknown> }[] };
}

/** An edit of some fields of a known record, based on the version this device holds. */
export function edit(entity: Mutation['entity'], record: { id: string; version: number; territoryId: string }, changes: Record<string, unknown>): Mutation {
  return {
    mutationId: randomUUID(),
    entity,
    recordId: record.id,
    baseVersion: record.version,
    territoryId: record.territoryId,
    changes,
    at: new Date().toISOString(),
  };
}
