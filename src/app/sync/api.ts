import { apiErrorSchema, type ApiError } from '../../domain/sync/protocol';

/** How the app reaches the server: injectable so tests call the server in-process. */
export interface ApiOptions {
  baseUrl: string;
  fetch: typeof fetch;
  getToken: () => Promise<string | undefined>;
  /** A request with no answer after this long is abandoned (and retried later). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The server answered with an error status; `body` is its `{error}` when it sent one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** No answer at all: offline, DNS, server down. Retried later, never shown as data loss. */
export class NetworkError extends Error {
  constructor(override readonly cause: unknown) {
    super('network');
    this.name = 'NetworkError';
  }
}

/**
 * A request whose body or answer is bytes (a road network). Same errors as apiRequest; a 304
 * answers undefined.
 */
export async function apiBinary(
  opts: ApiOptions,
  method: 'GET' | 'PUT',
  path: string,
  body?: ArrayBuffer,
  extraHeaders: Record<string, string> = {},
): Promise<{ bytes: ArrayBuffer; etag: string | null } | undefined> {
  const headers: Record<string, string> = { ...extraHeaders };
  const token = await opts.getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/octet-stream';
  let res: Response;
  try {
    // Several MiB on a rural connection: give it four times the usual time.
    res = await opts.fetch(new URL(path, opts.baseUrl).toString(), { method, headers, body: body ?? null, signal: AbortSignal.timeout((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) * 4) });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (res.status >= 500) throw new NetworkError(new Error(`HTTP ${res.status}`));
  if (res.status === 304) return undefined;
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(await res.json().catch(() => undefined));
    throw new HttpError(res.status, parsed.success ? parsed.data : undefined);
  }
  return { bytes: await res.arrayBuffer(), etag: res.headers.get('etag') };
}

export async function apiRequest(opts: ApiOptions, method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  const token = await opts.getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await opts.fetch(new URL(path, opts.baseUrl).toString(), {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (res.status >= 500) throw new NetworkError(new Error(`HTTP ${res.status}`));
  if (res.status === 204) return undefined;
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(json);
    throw new HttpError(res.status, parsed.success ? parsed.data : undefined);
  }
  return json;
}
