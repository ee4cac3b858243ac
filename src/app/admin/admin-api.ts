/**
 * The account, device and audit routes (server: routes/admin.ts). They need the server: there is
 * nothing to do offline, so a NetworkError is shown as "needs a connection", not queued.
 */
import { z } from 'zod';
import { apiErrorSchema } from '../../domain/sync/protocol';
import { HttpError, NetworkError, apiRequest, type ApiOptions } from '../sync/api';

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  territoryIds: z.array(z.string()),
  active: z.boolean(),
  hasPassword: z.boolean(),
  manageable: z.boolean(),
  activeDevices: z.number(),
  lastSeenAt: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
  status: z.enum(['active', 'revoked', 'signed_out', 'expired']),
  revokedAt: z.string().nullable(),
});
export type Device = z.infer<typeof deviceSchema>;

export const auditEventSchema = z.object({
  seq: z.number(),
  action: z.string(),
  at: z.string(),
  claimedAt: z.string().optional(),
  actorId: z.string().optional(),
  actorName: z.string().nullable().optional(),
  actorEmail: z.string().optional(),
  targetUserId: z.string().optional(),
  targetName: z.string().nullable().optional(),
  familyId: z.string().optional(),
  territoryIds: z.array(z.string()),
  address: z.string().optional(),
  deviceName: z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export interface AuditFilters {
  action?: string;
  userId?: string;
  from?: string;
  to?: string;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  // A server answering another shape is an older or newer server: shown as a plain failure.
  if (!parsed.success) throw new HttpError(502, undefined);
  return parsed.data;
}

export async function listAccounts(api: ApiOptions): Promise<Account[]> {
  return parse(z.object({ users: z.array(accountSchema) }), await apiRequest(api, 'GET', '/api/admin/users')).users;
}

export interface NewAccount {
  name: string;
  email: string;
  role: string;
  territoryIds: string[];
  password: string;
}

export async function createAccount(api: ApiOptions, account: NewAccount): Promise<void> {
  await apiRequest(api, 'POST', '/api/admin/users', account);
}

export async function resetPassword(api: ApiOptions, userId: string, password: string): Promise<void> {
  await apiRequest(api, 'POST', `/api/admin/users/${encodeURIComponent(userId)}/password`, { password });
}

export async function setAccountActive(api: ApiOptions, userId: string, active: boolean): Promise<void> {
  await apiRequest(api, 'POST', `/api/admin/users/${encodeURIComponent(userId)}/${active ? 'reactivate' : 'deactivate'}`);
}

export async function listDevices(api: ApiOptions, userId: string): Promise<Device[]> {
  return parse(z.object({ devices: z.array(deviceSchema) }), await apiRequest(api, 'GET', `/api/admin/users/${encodeURIComponent(userId)}/devices`)).devices;
}

export async function revokeDevice(api: ApiOptions, userId: string, deviceId: string): Promise<void> {
  await apiRequest(api, 'POST', `/api/admin/users/${encodeURIComponent(userId)}/devices/${encodeURIComponent(deviceId)}/revoke`);
}

function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function listAudit(api: ApiOptions, filters: AuditFilters, before?: number): Promise<{ events: AuditEventView[]; next: number | null }> {
  const query = auditQuery(filters, before ? { before: String(before), limit: '50' } : { limit: '50' });
  return parse(z.object({ events: z.array(auditEventSchema), next: z.number().nullable() }), await apiRequest(api, 'GET', `/api/admin/audit${query}`));
}

/** The CSV export as a file (the request needs the token, so no plain link). */
export async function auditCsv(api: ApiOptions, filters: AuditFilters): Promise<Blob> {
  const headers: Record<string, string> = {};
  const token = await api.getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await api.fetch(new URL(`/api/admin/audit.csv${auditQuery(filters)}`, api.baseUrl).toString(), { headers, signal: AbortSignal.timeout(api.timeoutMs ?? 30_000) });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (res.status >= 500) throw new NetworkError(new Error(`HTTP ${res.status}`));
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse(await res.json().catch(() => undefined));
    throw new HttpError(res.status, parsed.success ? parsed.data : undefined);
  }
  return res.blob();
}
