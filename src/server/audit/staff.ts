/**
 * Staff accounts: who may change one, and the audit lines a change leaves. Used by the admin
 * routes and by push (a staffUser record edited on a device), so both paths follow one rule.
 *
 * The rule (docs/security.md, "Staff accounts"): a manager changes only accounts whose every
 * territory they hold, and only an admin changes an admin's account. So a coordinator of A cannot
 * demote or deactivate an admin, nor take territory B away from a colleague of A and B.
 */
import type { JsonObject, StoreTx } from '../storage/store';
import type { AuthUser } from '../sync/records';
import { audit, territoriesOf } from './events';

/** Why `user` may not change the account whose current record is `existing`; undefined if they may. */
export function staffEditRefusal(user: AuthUser, existing: JsonObject | undefined): string | undefined {
  if (!existing) return undefined;
  if (existing.role === 'admin' && user.role !== 'admin') return 'seul un administrateur peut modifier le compte d’un administrateur';
  const scope = new Set(user.territoryIds);
  const listed = Array.isArray(existing.territoryIds) ? existing.territoryIds : [];
  if (listed.some((t) => typeof t !== 'string' || !scope.has(t))) return 'ce compte a aussi un territoire hors de votre périmètre';
  return undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x));
}

/** Revokes every live session of a user (deactivated or deleted account); how many were live. */
export async function revokeAllSessions(tx: StoreTx, userId: string, at: string): Promise<number> {
  let count = 0;
  for (const session of await tx.listSessions(userId)) {
    if (session.revoked) continue;
    await tx.revokeSession(session.tokenHash, { reason: 'admin', at });
    count += 1;
  }
  return count;
}

/**
 * After a staff record was written (created or edited, by push or by an admin route): one audit
 * line per kind of change, and the sessions of an account just deactivated or deleted revoked,
 * in the same transaction.
 */
export async function onStaffWrite(
  tx: StoreTx,
  actor: AuthUser,
  targetId: string,
  before: JsonObject | undefined,
  after: JsonObject,
  at: string,
  extra: { address?: string } = {},
): Promise<void> {
  const territoryIds = [...territoriesOf(before), ...territoriesOf(after)];
  const base = { at, actorId: actor.id, targetUserId: targetId, territoryIds, ...extra };
  if (!before) {
    await audit(tx, { ...base, action: 'account_created', detail: { role: String(after.role), territoryIds: territoriesOf(after) } });
    return;
  }
  if (before.role !== after.role) await audit(tx, { ...base, action: 'role_changed', detail: { from: String(before.role), to: String(after.role) } });
  if (!sameSet(territoriesOf(before), territoriesOf(after))) {
    await audit(tx, { ...base, action: 'territories_changed', detail: { from: territoriesOf(before), to: territoriesOf(after) } });
  }
  const changed = ['name', 'email'].filter((k) => before[k] !== after[k]);
  if (changed.length > 0) await audit(tx, { ...base, action: 'account_changed', detail: { fields: changed } });
  const wasLive = before.active === true && before.deleted !== true;
  const isLive = after.active === true && after.deleted !== true;
  if (after.deleted === true && before.deleted !== true) {
    const devices = await revokeAllSessions(tx, targetId, at);
    await audit(tx, { ...base, action: 'account_deleted', detail: { devicesRevoked: devices } });
  } else if (wasLive && !isLive) {
    const devices = await revokeAllSessions(tx, targetId, at);
    await audit(tx, { ...base, action: 'account_deactivated', detail: { devicesRevoked: devices } });
  } else if (!wasLive && isLive) {
    await audit(tx, { ...base, action: 'account_reactivated' });
  }
}
