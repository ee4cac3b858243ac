/**
 * Hostile requests on the account routes (routes/admin.ts) and on the device audit route
 * (audit/routes.ts). Every write here must be refused whoever sends it: bodies are always
 * invalid, out of scope or aimed at an account the sender may not change; reads (account lists,
 * devices, the audit log) may answer 200 to a live manager or admin, and are checked for leaks.
 */
import fc from 'fast-check';
import { ANIM_A, ANIM_B, COORD_A, INACTIVE, TA, TB } from '../helpers';
import { PAYLOADS, anyText, storableText, tooLong, unstorableText } from './strings';
import { authSpec, headerValue, type AuthSpec, type Body, type HostileRequest } from './requests';
import { ADMIN_ID } from './world';

/**
 * Built on first use: requests.ts imports this module and this module uses its helpers, so
 * nothing here may run while the modules are still loading.
 */
export function accountRequests(): { adminRequest: fc.Arbitrary<HostileRequest>; auditRequest: fc.Arbitrary<HostileRequest>; publicRequest: fc.Arbitrary<HostileRequest> } {
  const text = (t: string): Body => ({ kind: 'text', text: t });
  const uuid = fc.uuid();

  /** A live token of the animator, the coordinator or the admin of A, or any refused credential. */
  const managerAuth: fc.Arbitrary<AuthSpec> = fc.oneof(
    { arbitrary: fc.constantFrom<AuthSpec>({ kind: 'bearer', token: 'coord', scheme: 'Bearer' }, { kind: 'bearer', token: 'admin', scheme: 'bearer' }), weight: 3 },
    { arbitrary: authSpec(true), weight: 2 },
  );

  const COORD: AuthSpec = { kind: 'bearer', token: 'coord', scheme: 'Bearer' };
  const ADMIN: AuthSpec = { kind: 'bearer', token: 'admin', scheme: 'Bearer' };

  const notJson = fc.constantFrom('', '{', '{"name":', 'nul', '[1,2', "{'a':1}", '\uFEFF{}').map(text);
  const deep = fc.integer({ min: 65, max: 3000 }).map((n) => text('{"name":'.repeat(n) + '1' + '}'.repeat(n)));

  const validAccount = {
    name: 'Nina Nouvelle',
    email: 'nina.nouvelle@example.fr',
    role: 'animator',
    territoryIds: [TA],
    password: 'un mot de passe assez long',
  };

  /** One change that makes an account creation refused for every sender. */
  const badAccount: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.constantFrom('anim.a@example.fr', 'COORD.A@example.fr', 'anim.b@example.fr').map((email) => ({ email })),
    fc.oneof(fc.constantFrom('', 'court', '           x', '\t\n'), storableText(11).filter((s) => s.trim().length < 12), tooLong(1024)).map((password) => ({ password })),
    fc.constantFrom([TB], [TA, TB], [], ['pas-un-uuid'], TA).map((territoryIds) => ({ territoryIds })),
    fc.oneof(fc.constantFrom('', 'root', 'superadmin', 'ADMIN', null, 1), anyText.filter((s) => !['parent', 'animator', 'bus_team', 'coordinator', 'admin'].includes(s))).map((role) => ({ role })),
    fc.oneof(fc.constantFrom('', '   ', null, 42), tooLong(120)).map((name) => ({ name })),
    fc.oneof(anyText.filter((s) => !s.includes('@')), fc.constantFrom(...PAYLOADS)).map((email) => ({ email })),
    fc.tuple(fc.constantFrom('active', 'id', 'passwordHash', 'version', 'deleted', 'territoryId', '__proto__x'), fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => ({ [k]: v })),
    unstorableText.map((name) => ({ name })),
  );

  const createBodies: fc.Arbitrary<{ label: string; body: Body }> = fc.oneof(
    { arbitrary: fc.tuple(badAccount, fc.jsonValue({ maxDepth: 1 })).map(([bad]) => ({ label: 'admin: invalid account', body: text(JSON.stringify({ ...validAccount, ...bad })) })), weight: 6 },
    {
      arbitrary: fc.constantFrom('name', 'email', 'role', 'territoryIds', 'password').map((k) => {
        const { [k as keyof typeof validAccount]: _gone, ...rest } = validAccount;
        return { label: 'admin: account field missing', body: text(JSON.stringify(rest)) };
      }),
      weight: 2,
    },
    { arbitrary: notJson.map((body) => ({ label: 'admin: not JSON', body })), weight: 1 },
    { arbitrary: deep.map((body) => ({ label: 'admin: deep body', body })), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ label: 'admin: any JSON', body: text(JSON.stringify(v) ?? 'null') })), weight: 1 },
  );

  /** Path segments that are not a staff id the sender may change. */
  const foreignTarget = fc.oneof(
    fc.constantFrom(ANIM_B, '00000000-0000-4000-8000-000000000000'),
    uuid,
    fc.constantFrom('..', '%2e%2e', 'me', ANIM_A.toUpperCase().replace(/-/g, ''), `${ANIM_A}x`, "'; DROP TABLE sessions;--", '%00'),
  );
  const anyTarget = fc.oneof(foreignTarget, fc.constantFrom(ANIM_A, COORD_A, INACTIVE));

  const passwordBodies: fc.Arbitrary<Body> = fc.oneof(
    fc.oneof(fc.constantFrom('', 'court', '   ', 12, null), storableText(11).filter((s) => s.trim().length < 12), tooLong(1024)).map((password) => text(JSON.stringify({ password }))),
    fc.constant(text(JSON.stringify({ password: 'un mot de passe assez long', extra: 1 }))),
    notJson,
    deep,
    unstorableText.map((password) => text(JSON.stringify({ password: `${password}${'x'.repeat(12)}` }))),
  );

  const deviceIds = fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 32, maxLength: 32 }), fc.constantFrom('', 'x', '0'.repeat(64), '..', '%2F'), fc.string({ maxLength: 40 }).map(encodeURIComponent));

  function req(label: string, method: string, path: string, auth: AuthSpec, body?: Body, status?: number): HostileRequest {
    return { route: 'admin', label, method, path, auth, headers: [], body, ...(status === undefined ? {} : { status }) };
  }

  const QUERY_VALUES = ['', '0', '-1', '201', '1e3', 'NaN', 'hier', '2026-13-01', '2026-01-05', '2026-01-05T08:00:00Z', 'sign_in', 'sign_in,export', 'pirater', ',,,', TA, TB, ANIM_A, '%00', '%E2%80%AE'];
  const auditQuery = fc
    .array(fc.tuple(fc.constantFrom('action', 'userId', 'familyId', 'territoryId', 'from', 'to', 'before', 'limit', 'x', '__proto__'), fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.nat().map(String), storableText(20).map(encodeURIComponent))), { maxLength: 5 })
    .map((params) => params.map(([k, v]) => `${k}=${v}`).join('&'));

  /** Account and audit-log requests; the refused writes are aimed so that none could be accepted. */
  const adminRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
    { arbitrary: fc.tuple(managerAuth, createBodies).map(([auth, b]) => req(b.label, 'POST', '/api/admin/users', auth, b.body)), weight: 5 },
    { arbitrary: fc.tuple(managerAuth, anyTarget, passwordBodies).map(([auth, id, body]) => req('admin: bad password', 'POST', `/api/admin/users/${id}/password`, auth, body)), weight: 3 },
    {
      arbitrary: fc.tuple(managerAuth, foreignTarget).map(([auth, id]) => req('admin: reset a password out of reach', 'POST', `/api/admin/users/${id}/password`, auth, text(JSON.stringify({ password: 'un mot de passe assez long' })))),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(managerAuth, foreignTarget, fc.constantFrom('deactivate', 'reactivate')).map(([auth, id, action]) => req(`admin: ${action} out of reach`, 'POST', `/api/admin/users/${id}/${action}`, auth)),
      weight: 2,
    },
    // The coordinator on an admin's account, and each manager deactivating their own account
    // (403 and 422, or 429 once the manager's budget of account writes is spent).
    {
      arbitrary: fc.constantFrom(
        req('admin: coordinator resets an admin’s password', 'POST', `/api/admin/users/${ADMIN_ID}/password`, COORD, text(JSON.stringify({ password: 'un mot de passe assez long' }))),
        req('admin: coordinator deactivates an admin', 'POST', `/api/admin/users/${ADMIN_ID}/deactivate`, COORD),
        req('admin: coordinator deactivates themself', 'POST', `/api/admin/users/${COORD_A}/deactivate`, COORD),
        req('admin: admin deactivates themself', 'POST', `/api/admin/users/${ADMIN_ID}/deactivate`, ADMIN),
      ).map((r) => ({ ...r })),
      weight: 1,
    },
    { arbitrary: fc.tuple(managerAuth, anyTarget).map(([auth, id]) => req('admin: devices', 'GET', `/api/admin/users/${id}/devices`, auth)), weight: 2 },
    { arbitrary: fc.tuple(managerAuth, anyTarget, deviceIds).map(([auth, id, device]) => req('admin: revoke an unknown device', 'POST', `/api/admin/users/${id}/devices/${device}/revoke`, auth)), weight: 2 },
    { arbitrary: managerAuth.map((auth) => req('admin: list accounts', 'GET', '/api/admin/users', auth)), weight: 1 },
    { arbitrary: fc.tuple(managerAuth, auditQuery, fc.constantFrom('/api/admin/audit', '/api/admin/audit.csv')).map(([auth, q, path]) => req('admin: audit log query', 'GET', `${path}?${q}`, auth)), weight: 3 },
    {
      arbitrary: fc.tuple(managerAuth, fc.constantFrom('PUT', 'DELETE', 'PATCH'), fc.constantFrom('/api/admin/users', `/api/admin/users/${ANIM_A}`, '/api/admin/audit')).map(([auth, method, path]) =>
        req('admin: wrong method', method, path, auth, undefined, 404),
      ),
      weight: 1,
    },
  );

  const validEvent = { id: '5d5d5d5d-6e6e-4f7f-8a8a-9b9b9b9b9b9b', action: 'family_file_read', at: '2026-01-05T08:00:00.000Z', territoryId: TA };

  /** One change that makes a device event refused for every sender. */
  const badEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.constantFrom(TB, 'pas-un-uuid', null).map((territoryId) => ({ territoryId })),
    fc.oneof(fc.constantFrom('sign_in', 'role_changed', 'password_reset', 'device_revoked', '', 'EXPORT'), anyText).map((action) => ({ action })),
    fc.oneof(fc.constantFrom('hier', '2026-01-05', '', 0), anyText).map((at) => ({ at })),
    fc.constantFrom('actorId', 'targetUserId', 'claimedAt', 'seq', 'address').map((k) => ({ [k]: ANIM_B })),
    fc.oneof(fc.constantFrom({ a: { b: 1 } }, { a: [1] }, { a: null }, 'x', []), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 11, maxKeys: 14 }), tooLong(200).map((v) => ({ a: v }))).map((detail) => ({ detail })),
    unstorableText.map((v) => ({ detail: { note: v } })),
    fc.constantFrom('x', '', TA.slice(1)).map((id) => ({ id })),
  );

  const auditBodies: fc.Arbitrary<{ label: string; body: Body }> = fc.oneof(
    {
      arbitrary: fc.tuple(badEvent, fc.nat({ max: 3 })).map(([bad, at]) => {
        const events: unknown[] = Array.from({ length: 3 }, (_, i) => ({ ...validEvent, id: `5d5d5d5d-6e6e-4f7f-8a8a-${String(i).padStart(12, '0')}` }));
        events.splice(at, 0, { ...validEvent, ...bad });
        return { label: 'audit: one bad event among good ones', body: text(JSON.stringify({ events })) };
      }),
      weight: 6,
    },
    { arbitrary: fc.constantFrom<unknown>({ events: [] }, { events: {} }, { events: null }, [], {}, { events: [validEvent], extra: 1 }).map((v) => ({ label: 'audit: bad envelope', body: text(JSON.stringify(v)) })), weight: 2 },
    { arbitrary: fc.integer({ min: 201, max: 240 }).map((n) => ({ label: 'audit: too many events', body: text(JSON.stringify({ events: Array.from({ length: n }, () => validEvent) })) })), weight: 1 },
    { arbitrary: notJson.map((body) => ({ label: 'audit: not JSON', body })), weight: 1 },
    { arbitrary: deep.map((body) => ({ label: 'audit: deep body', body })), weight: 1 },
  );

  const auditRequest: fc.Arbitrary<HostileRequest> = fc
    .tuple(fc.oneof(authSpec(true), managerAuth), auditBodies, fc.option(fc.tuple(fc.constant('content-type'), headerValue), { nil: undefined }))
    .map(([auth, b, header]) => ({ route: 'audit' as const, label: b.label, method: 'POST', path: '/api/audit/events', auth, headers: header ? [header] : [], body: b.body }));

  // Parents' requests (routes/public-requests.ts), no account: every one here must be refused.
  const parentBase = {
    id: '7e7e7e7e-1f1f-4a2a-8b3b-4c4c4c4c4c4c',
    territoryId: TA,
    secret: 'k3Yq9xW2_pLm-ZtR8vN4sA',
    receiptCode: 'K7PQ2M9X',
    phone: '06 12 34 56 78',
    childBirthDate: '2025-09-14',
    needs: ['childcare'],
    consent: { textVersion: 'fr-2026-11', givenAt: '2026-01-05T07:30:00.000Z' },
  };
  const badParentRequest: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.constantFrom(TB.replace(/^1/, '9'), '00000000-0000-4000-8000-000000000000').map((territoryId) => ({ territoryId })),
    fc.oneof(fc.constantFrom('', '12', 'téléphone', null), anyText.filter((s) => !/^\+?(?:[ .()-]*[0-9]){6,}[ .()-]*$/.test(s.trim()))).map((phone) => ({ phone })),
    fc.constantFrom('', 'court', 'a'.repeat(87), 'espace dans le code 123456', null).map((secret) => ({ secret })),
    fc.constantFrom({ consent: null }, { consent: { textVersion: 'v1', givenAt: '2026-03-05T08:00:00.000Z' } }, { consent: { textVersion: '', givenAt: '2026-01-05T07:30:00.000Z' } }),
    fc.constantFrom({ childBirthDate: undefined }, { childBirthDate: 'hier' }, { needs: 'childcare' }, { needs: ['<script>'] }, { accessHash: 'x' }, { status: 'done' }, { communeCode: '99999' }),
    fc.constant({ appointment: { id: '8e8e8e8e-1f1f-4a2a-8b3b-4c4c4c4c4c4c', kind: 'permanence', siteId: TA, start: '2026-02-02T10:00:00.000Z', end: '2026-02-02T09:00:00.000Z', timeZone: 'Europe/Paris' } }),
    unstorableText.map((message) => ({ message })),
    tooLong(2000).map((message) => ({ message })),
  );
  const secrets = fc.oneof(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), minLength: 22, maxLength: 40 }), fc.constantFrom('', 'x', '../../etc', "' OR 1=1 --"));
  const requestIds = fc.oneof(uuid, fc.constantFrom('x', '..', '%00', TA));
  const publicRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
    {
      arbitrary: fc.tuple(authSpec(true), fc.oneof({ arbitrary: badParentRequest.map((bad) => text(JSON.stringify({ ...parentBase, ...bad }))), weight: 6 }, { arbitrary: notJson, weight: 1 }, { arbitrary: deep, weight: 1 })).map(([auth, body]) => ({
        route: 'public' as const,
        label: 'public: invalid parent request',
        method: 'POST',
        path: '/api/public/requests',
        auth,
        headers: [],
        body,
      })),
      weight: 4,
    },
    {
      arbitrary: fc.tuple(authSpec(true), requestIds, secrets).map(([auth, id, secret]) => ({
        route: 'public' as const,
        label: 'public: status with a wrong secret',
        method: 'GET',
        path: `/api/public/requests/${id}`,
        auth,
        headers: [['x-request-secret', secret]] as Array<[string, string]>,
      })),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(authSpec(true), requestIds, secrets, fc.jsonValue({ maxDepth: 2 })).map(([auth, id, secret, body]) => ({
        route: 'public' as const,
        label: 'public: appointment with a wrong secret',
        method: 'POST',
        path: `/api/public/requests/${id}/appointment`,
        auth,
        headers: [['x-request-secret', secret]] as Array<[string, string]>,
        body: text(JSON.stringify(body) ?? 'null'),
      })),
      weight: 2,
    },
  );

  return { adminRequest, auditRequest, publicRequest };
}
