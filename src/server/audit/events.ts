/**
 * What the audit log records. Server-side events are written in the transaction of the action
 * they describe, so a refused or rolled-back action leaves no line; devices report only the two
 * actions they can do offline (reading a family file, exporting).
 */
import { randomUUID } from 'node:crypto';
import type { AuditEventWrite, JsonObject, StoreTx } from '../storage/store';

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'account_created',
  'account_changed',
  'role_changed',
  'territories_changed',
  'account_deactivated',
  'account_reactivated',
  'account_deleted',
  'password_reset',
  'device_revoked',
  'export',
  'family_file_read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a device may report about itself; everything else only the server writes. */
export const DEVICE_ACTIONS = ['family_file_read', 'export'] as const satisfies readonly AuditAction[];
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];

export type AuditInput = Omit<AuditEventWrite, 'id' | 'detail' | 'territoryIds'> & {
  action: AuditAction;
  id?: string;
  detail?: JsonObject;
  territoryIds?: readonly string[];
};

/** Appends one event; the id is made here unless the device gave one. */
export async function audit(tx: StoreTx, input: AuditInput): Promise<boolean> {
  const event: AuditEventWrite = {
    ...input,
    id: input.id ?? randomUUID(),
    territoryIds: [...new Set(input.territoryIds ?? [])],
    detail: input.detail ?? {},
  };
  return tx.putAuditEvent(event);
}

/** Territories listed in a staff record's data, ignoring anything that is not a string. */
export function territoriesOf(data: JsonObject | undefined): string[] {
  const list = data?.territoryIds;
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}
