import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MutationError } from '../domain/sync/protocol';

/** Every API error body: `{ error: { code, message } }`, message in French for the user. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  mutations?: MutationError[],
): Response {
  return c.json({ error: mutations ? { code, message, mutations } : { code, message } }, status);
}
