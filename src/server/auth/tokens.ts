import { createHash, randomBytes } from 'node:crypto';

export const SESSION_DAYS = 30;

/** 32 random bytes, base64url: what the client keeps and sends as a Bearer token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored, so a leaked database does not give working sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as newToken makes it; anything else is refused before touching storage. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
