/**
 * The server state every hostile request runs against: the test fixtures plus a few records and
 * sessions made once, with fixed ids so the arbitraries can aim at them.
 */
import { hashPassword } from '../../../src/server/auth/password';
import { newToken, hashToken } from '../../../src/server/auth/tokens';
import { deviceId } from '../../../src/server/routes/admin';
import { serverFieldMeta } from '../../../src/server/sync/push';
import { ANIM_A, INACTIVE, PASSWORD, TA, TEST_COST, harness, mutation, newEntry, type Harness, type MutationJson } from '../helpers';

/** An admin of territory A (the test fixtures have none): reads the audit log. */
export const ADMIN_ID = 'ad0ad0ad-0a0a-4b0b-8c0c-0d0d0d0d0d0d';
const ADMIN_EMAIL = 'admin.a@example.fr';

/** A directory entry of territory A, version 1, that hostile edits aim at. */
export const EXISTING_ENTRY = '7c2b0d8f-1e0a-4b9c-8d5e-8f9a0b1c2d34';
/** An append-only session log of territory A: any edit of it is refused. */
export const EXISTING_LOG = '8d1c9e0a-2f1b-4cad-9e6f-9a0b1c2d3e45';
export const SESSION_ID = '9e0daf1b-3a2c-4dbe-8f7a-0b1c2d3e4f56';
/** Applied once by the animator of territory A: sending the id again with other content is refused. */
export const REPLAYED: MutationJson = {
  ...mutation({ recordId: EXISTING_ENTRY, changes: newEntry({ notes: 'première version' }) }),
  mutationId: 'af9e0b2c-4b3d-4ecf-9a8b-1c2d3e4f5a67',
};
export const LOG_MUTATION: MutationJson = mutation({
  mutationId: 'b08f1c3d-5c4e-4fd0-8b9c-2d3e4f5a6b78',
  entity: 'sessionLog',
  recordId: EXISTING_LOG,
  changes: { sessionId: SESSION_ID, authorId: '3e6d4f4b-7a6e-4d5c-8f1a-4b5c6d7e8f90', loggedAt: '2026-01-05T09:00:00.000Z', contacts: [] },
});

/** `revoked`: ended by a logout. `kicked`: revoked by a manager (answered `session_revoked`). */
export type TokenName = 'anim' | 'coord' | 'admin' | 'expired' | 'revoked' | 'kicked' | 'disabled';
/** Tokens that open a session. */
export const LIVE_TOKENS: readonly TokenName[] = ['anim', 'coord', 'admin'];

export interface World {
  h: Harness;
  tokens: Record<TokenName, string>;
}

/**
 * Fresh server with: an expired session (made 31 days before the others), a revoked one, one of a
 * disabled account, and live sessions of the animator and the coordinator of territory A.
 */
export async function makeWorld(): Promise<World> {
  const h = await harness();
  const expired = await h.login('anim.a@example.fr');
  h.advance(31 * 86_400_000);
  const revoked = await h.login('anim.a@example.fr');
  const out = await h.request('POST', '/api/auth/logout', revoked);
  if (out.status !== 204) throw new Error(`logout: ${out.status}`);
  const disabled = newToken();
  await h.store.withTransaction((tx) =>
    tx.putSession({
      tokenHash: hashToken(disabled),
      userId: INACTIVE,
      createdAt: '2026-02-05T08:00:00.000Z',
      expiresAt: '2026-03-05T08:00:00.000Z',
      revoked: false,
    }),
  );
  const at = '2026-01-05T08:00:00.000Z';
  const data = { deleted: false, territoryId: TA, name: 'Adèle Admin', email: ADMIN_EMAIL, role: 'admin', territoryIds: [TA], active: true };
  const hash = await hashPassword(PASSWORD, TEST_COST);
  await h.store.withTransaction(async (tx) => {
    await tx.putRecord({ entity: 'staffUser', id: ADMIN_ID, version: 1, updatedAt: at, data, fields: serverFieldMeta(data, 1, at) });
    await tx.putCredential({ userId: ADMIN_ID, email: ADMIN_EMAIL, passwordHash: hash });
  });
  const anim = await h.login('anim.a@example.fr');
  const coord = await h.login('coord.a@example.fr');
  const admin = await h.login(ADMIN_EMAIL);
  // A second tablet of the animator, revoked by the coordinator as a lost device.
  const kicked = await h.login('anim.a@example.fr');
  const device = deviceId({ tokenHash: hashToken(kicked), userId: ANIM_A, createdAt: at, expiresAt: at, revoked: false });
  const revokedNow = await h.request('POST', `/api/admin/users/${ANIM_A}/devices/${device}/revoke`, coord);
  if (revokedNow.status !== 204) throw new Error(`revoking a device: ${revokedNow.status}`);
  const setup = await h.push(anim, 'fuzz-setup', [REPLAYED, LOG_MUTATION]);
  if (setup.status !== 200) throw new Error(`setup push: ${setup.status} ${JSON.stringify(setup.body)}`);
  return { h, tokens: { anim, coord, admin, expired, revoked, kicked, disabled } };
}
