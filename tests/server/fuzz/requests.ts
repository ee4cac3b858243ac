/**
 * Arbitraries of hostile HTTP requests, one family per route. A request is described without the
 * live tokens (only known once the server runs); `send.ts` turns it into a `Request`.
 */
import fc from 'fast-check';
import { directoryKinds } from '../../../src/domain/entities/directory-entry';
import { entityNames } from '../../../src/domain/registry';
import { MAX_MUTATIONS_PER_PUSH } from '../../../src/domain/sync/protocol';
import { ENTRY_B, PASSWORD, TA, TB, mutation, newEntry, type MutationJson } from '../helpers';
import { PAYLOADS, anyText, storableText, tooLong, unstorableText } from './strings';
import { accountRequests } from './admin-requests';
import { EXISTING_ENTRY, EXISTING_LOG, LOG_MUTATION, REPLAYED, SESSION_ID, type TokenName } from './world';

export type Route = 'login' | 'logout' | 'me' | 'push' | 'pull' | 'admin' | 'audit' | 'public' | 'unknown';

/** How the Authorization header is made. */
export type AuthSpec =
  | { kind: 'none' }
  /** `<scheme> <token>` in a form the server accepts (the scheme is case-insensitive). */
  | { kind: 'bearer'; token: TokenName; scheme: string }
  /** A real token in a form the server must refuse. */
  | { kind: 'malformed'; token: TokenName; form: MalformedForm }
  /** A real token with one change: a character replaced, cut, added or its case swapped. */
  | { kind: 'garbled'; token: TokenName; op: 'replace' | 'cut' | 'add' | 'case'; index: number; char: string }
  /** 43 base64url characters: the shape of a token, but no session. */
  | { kind: 'forged'; token: string }
  /** Any header value. */
  | { kind: 'raw'; value: string }
  /** Two Authorization headers (joined by a comma). */
  | { kind: 'twice'; first: TokenName; second: TokenName };

export const MALFORMED_FORMS = ['no-scheme', 'basic', 'token-scheme', 'glued', 'two-spaces', 'tab', 'trailing-word', 'two-tokens', 'padded', 'quoted', 'nbsp'] as const;
export type MalformedForm = (typeof MALFORMED_FORMS)[number];

export type Body = { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };

export interface HostileRequest {
  route: Route;
  /** What the request tries, for failure reports. */
  label: string;
  method: string;
  /** Path and query, starting with `/`. */
  path: string;
  auth: AuthSpec;
  headers: Array<[string, string]>;
  body?: Body;
  /** Exact status the server must answer, when the request makes it certain. */
  status?: number;
}

/** Stands for a deeply nested value in a JSON body; replaced in the text after JSON.stringify. */
export const DEEP = '\u0002deep\u0002';
const DEEP_JSON = JSON.stringify(DEEP);

export interface JsonWithDeep {
  value: unknown;
  /** Text that replaces the `DEEP` marker (JSON.stringify would overflow the stack on it). */
  deep?: string;
}

export function toText(body: JsonWithDeep): string {
  const text = JSON.stringify(body.value) ?? 'null';
  return body.deep === undefined ? text : text.replace(DEEP_JSON, body.deep);
}

const text = (t: string): Body => ({ kind: 'text', text: t });

// ---------------------------------------------------------------------------------------------
// Building blocks

const base64url = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''));
const liveOrDead = fc.constantFrom<TokenName>('anim', 'coord', 'admin', 'expired', 'revoked', 'kicked', 'disabled');
const deadToken = fc.constantFrom<TokenName>('expired', 'revoked', 'kicked', 'disabled');

/** A header value: visible ASCII, Latin-1 and spaces (what HTTP allows), never CR, LF or NUL. */
const headerChar = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 6 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 1 },
  { arbitrary: fc.constant(0x09), weight: 1 },
);
export const headerValue = fc.array(headerChar, { maxLength: 120 }).map((codes) => String.fromCharCode(...codes));

/** Any way to present credentials; `live` says whether live tokens in an accepted form may appear. */
export function authSpec(live: boolean): fc.Arbitrary<AuthSpec> {
  const refused: Array<fc.WeightedArbitrary<AuthSpec>> = [
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('bearer' as const), token: deadToken, scheme: fc.constantFrom('Bearer', 'bearer') }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('malformed' as const), token: liveOrDead, form: fc.constantFrom(...MALFORMED_FORMS) }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('garbled' as const),
        token: liveOrDead,
        op: fc.constantFrom('replace' as const, 'cut' as const, 'add' as const, 'case' as const),
        index: fc.nat({ max: 42 }),
        char: base64url,
      }),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: base64url, minLength: 43, maxLength: 43 }).map((token) => ({ kind: 'forged' as const, token })), weight: 2 },
    { arbitrary: headerValue.map((value) => ({ kind: 'raw' as const, value })), weight: 2 },
    { arbitrary: fc.integer({ min: 44, max: 16_000 }).map((n) => ({ kind: 'raw' as const, value: `Bearer ${'A'.repeat(n)}` })), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('twice' as const), first: liveOrDead, second: liveOrDead }), weight: 1 },
  ];
  if (!live) return fc.oneof(...refused);
  const accepted: fc.Arbitrary<AuthSpec> = fc.record({
    kind: fc.constant('bearer' as const),
    token: fc.constantFrom<TokenName>('anim', 'anim', 'anim', 'coord'),
    scheme: fc.constantFrom('Bearer', 'Bearer', 'bearer', 'BEARER', 'BeArEr'),
  });
  return fc.oneof({ arbitrary: accepted, weight: 64 }, ...refused);
}

/** Whether the server must accept these credentials. */
export function authIsLive(auth: AuthSpec): boolean {
  return auth.kind === 'bearer' && (auth.token === 'anim' || auth.token === 'coord' || auth.token === 'admin');
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/octet-stream',
  'image/png',
  '*/*',
  'application/json, text/html',
  'application/ld+json',
];

/** Extra headers: content-type lies, forged client addresses, junk. */
const extraHeaders: fc.Arbitrary<Array<[string, string]>> = fc
  .tuple(
    fc.option(fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue), { nil: undefined, freq: 4 }),
    fc.option(fc.constantFrom('127.0.0.1', '::1', 'unknown, 10.0.0.1', '999.999.999.999', "'; DROP TABLE sessions;--"), { nil: undefined, freq: 2 }),
    fc.option(fc.tuple(fc.constantFrom('accept', 'cookie', 'origin', 'x-requested-with', 'content-encoding', 'accept-charset', 'x-http-method-override', 'if-none-match', 'range'), headerValue), {
      nil: undefined,
      freq: 2,
    }),
  )
  .map(([type, forwarded, junk]) => {
    const out: Array<[string, string]> = [];
    if (type !== undefined) out.push(['content-type', type]);
    if (forwarded !== undefined) out.push(['x-forwarded-for', forwarded]);
    if (junk !== undefined) out.push(junk);
    return out;
  });

/** JSON of any shape, small. */
const json: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A value of the wrong type for a string field (never null: null clears an optional field). */
const notString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(anyText, { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
);

/** A value of the wrong type for a number field. */
const notNumber: fc.Arbitrary<unknown> = fc.oneof(anyText, fc.boolean(), fc.constant([]), fc.constant({}), fc.constantFrom('1', '0x10', '1e3', 'NaN', 'Infinity'));

/** Deep nesting of arrays and objects: text, since JSON.stringify would overflow on it. */
const deepText: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 60, max: 5000 })), fc.constantFrom('array', 'object', 'mixed'))
  .map(([depth, kind]) => {
    if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
    if (kind === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const open: string[] = [];
    const close: string[] = [];
    for (let i = 0; i < depth; i++) {
      open.push(i % 2 === 0 ? '[' : '{"x":');
      close.push(i % 2 === 0 ? ']' : '}');
    }
    return open.join('') + '0' + close.reverse().join('');
  });

/** Texts that JSON.parse refuses. */
function notJson(valid: fc.Arbitrary<string>): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constantFrom('', ' ', 'undefined', "{'clientId':'x'}", '{"a":1,}', '[1,2', 'NaN', '{"a":01}', '\uFEFF{}', '{}}', '"\\x41"', '{"a":"\\u12"}', 'nul').map(text),
    valid.chain((t) => fc.nat({ max: Math.max(0, t.length - 1) }).map((cut) => text(t.slice(0, cut)))),
    valid.map((t) => text(`${t}]`)),
    valid.map((t) => text(`${t},${t}`)),
    fc.string({ maxLength: 60 }).map((t) => text(`{${t}`)),
    // Valid JSON sent as UTF-16 or behind bytes that are not UTF-8.
    valid.map((t) => ({ kind: 'bytes', bytes: new Uint8Array(Buffer.from(t, 'utf16le')) }) as Body),
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 4 }), valid).map(([junk, t]) => ({
      kind: 'bytes',
      bytes: new Uint8Array([0xff, ...junk, ...Buffer.from(t, 'utf8')]),
    }) as Body),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ kind: 'bytes', bytes: new Uint8Array([0xfe, ...b]) }) as Body),
  );
}

// ---------------------------------------------------------------------------------------------
// Push bodies

const uuid = fc.uuid();

/** Mutations that would be applied on their own: the hostile one next to them must sink the whole push. */
const validMutation: fc.Arbitrary<MutationJson> = fc.oneof(
  fc.record({ mutationId: uuid, recordId: uuid, name: storableText(40, 1) }).map(({ mutationId, recordId, name }) =>
    mutation({ mutationId, recordId, changes: newEntry({ name: `R${name}` }) }),
  ),
  fc.record({ mutationId: uuid, recordId: uuid, notes: storableText(200) }).map(({ mutationId, recordId, notes }) =>
    mutation({ mutationId, recordId, entity: 'family', changes: { guardians: [], children: [], needs: ['childcare'], notes } }),
  ),
  fc.record({ mutationId: uuid, recordId: uuid }).map(({ mutationId, recordId }) =>
    mutation({
      mutationId,
      recordId,
      entity: 'sessionLog',
      changes: { sessionId: SESSION_ID, authorId: '3e6d4f4b-7a6e-4d5c-8f1a-4b5c6d7e8f90', loggedAt: '2026-01-05T10:00:00.000Z', contacts: [] },
    }),
  ),
  fc.record({ mutationId: uuid, notes: storableText(100) }).map(({ mutationId, notes }) =>
    mutation({ mutationId, recordId: EXISTING_ENTRY, baseVersion: 1, changes: { notes } }),
  ),
  // Exact replays of mutations applied at setup: acknowledged again, never applied twice.
  fc.constantFrom(REPLAYED, LOG_MUTATION),
);

const phoneRe = /^\+?(?:[ .()-]*[0-9]){6,}[ .()-]*$/;
const inseeRe = /^(\d{5}|2[AB]\d{3})$/;
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notUuid = fc.oneof(
  anyText.filter((s) => !uuidRe.test(s)),
  notString,
  fc.constantFrom('00000000-0000-0000-0000-00000000000g', `${TA}x`, TA.slice(1), TA.replaceAll('-', ''), `{${TA}}`, `urn:uuid:${TA}`),
);

/** [field, value] pairs that make a new directory entry invalid. */
const badEntryField: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('kind'), fc.oneof(anyText.filter((s) => !(directoryKinds as readonly string[]).includes(s)), notString, fc.constant(null))),
  fc.tuple(fc.constant('name'), fc.oneof(fc.constantFrom('', '   ', '\t\n', '\u00A0\u3000'), tooLong(160), notString, fc.constant(null))),
  fc.tuple(fc.constant('communeCode'), fc.oneof(anyText.filter((s) => !inseeRe.test(s)), notString, fc.constant(null))),
  fc.tuple(fc.constant('address'), fc.oneof(tooLong(240), notString)),
  fc.tuple(fc.constant('phone'), fc.oneof(anyText.filter((s) => !phoneRe.test(s.trim())), notString)),
  fc.tuple(fc.constant('email'), fc.oneof(anyText.filter((s) => !s.includes('@')), notString)),
  fc.tuple(fc.constantFrom('lat', 'lon'), fc.oneof(fc.double({ min: 180.001, max: 1e300, noNaN: true, noDefaultInfinity: true }), fc.double({ min: -1e300, max: -180.001, noNaN: true, noDefaultInfinity: true }), notNumber)),
  fc.tuple(fc.constant('placesAvailable'), fc.oneof(fc.integer({ min: 501 }), fc.integer({ max: -1 }), fc.constantFrom(1.5, 0.1), notNumber)),
  fc.tuple(fc.constant('availableFrom'), fc.oneof(fc.constantFrom('demain', '2026-1-5', '05/01/2026', '2026-01-05T00:00:00Z', '20260105'), notString)),
  fc.tuple(fc.constant('languages'), fc.oneof(fc.constantFrom(['x'], 'fr', [1], [''], [null], ['fr', {}]), fc.array(fc.constant('fr'), { minLength: 21, maxLength: 30 }))),
  fc.tuple(fc.constant('notes'), fc.oneof(tooLong(2000), notString)),
  fc.tuple(fc.constantFrom('atypicalHours', 'disabilityWelcome'), fc.oneof(fc.constantFrom('true', 'oui', 1, 0), fc.constant([]), fc.constant({}))),
);

/** [field, value] pairs that make a new family file invalid. */
const badFamilyField: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('guardians'), fc.oneof(fc.constantFrom('x', [{}], [{ id: 'x' }], [null], {}), fc.constant(null), fc.array(uuid.map((id) => ({ id })), { minLength: 11, maxLength: 12 }))),
  fc.tuple(fc.constant('guardians'), fc.tuple(uuid, fc.constantFrom('firstName', 'lastName'), tooLong(80)).map(([id, key, v]) => [{ id, [key]: v }])),
  fc.tuple(fc.constant('guardians'), fc.tuple(uuid, anyText.filter((s) => !phoneRe.test(s.trim()))).map(([id, phone]) => [{ id, phone }])),
  fc.tuple(fc.constant('children'), fc.oneof(uuid.map((id) => [{ id }]), uuid.map((id) => [{ id, birthDate: 'hier' }]), fc.constant('enfants'))),
  fc.tuple(fc.constant('needs'), fc.oneof(fc.constantFrom(['<script>'], 'childcare', [1], ['childcare', 'x']), fc.array(fc.constant('childcare'), { minLength: 6, maxLength: 8 }))),
  fc.tuple(fc.constant('consent'), fc.constantFrom({ textVersion: '', givenAt: '2026-01-05T08:00:00Z' }, { textVersion: 'v1', givenAt: 'hier' }, 'oui', [])),
  fc.tuple(fc.constant('notes'), fc.oneof(tooLong(10000), notString)),
  fc.tuple(fc.constant('referentId'), notUuid),
  fc.tuple(fc.constant('communeCode'), anyText.filter((s) => !inseeRe.test(s))),
);

/** [field, value] pairs that make an edit of an existing directory entry invalid. */
const badEditField: fc.Arbitrary<[string, unknown]> = fc.oneof(
  badEntryField,
  fc.tuple(fc.constantFrom('name', 'kind', 'communeCode'), fc.constant(null)),
  fc.tuple(fc.constant('deleted'), fc.oneof(fc.constantFrom('true', 1, 0, null, 'false'), fc.constant([]))),
  fc.tuple(fc.constant('territoryId'), fc.oneof(notUuid, fc.constant(null))),
  fc.tuple(fc.constantFrom('id', 'version', 'updatedAt', 'seq', 'fields', 'entity'), json),
);

/** Field names that are not in any entity (never `__proto__`: JSON.parse makes it an own key that the server drops). */
const unknownKey = fc.oneof(
  fc.constantFrom('salary', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'passwordHash', 'token', 'role ', 'Name', ' name'),
  fc.constantFrom(...PAYLOADS).map((p) => p.slice(0, 80)),
  fc.string({ minLength: 1, maxLength: 80 }).map((s) => `x-${s}`.slice(0, 80)),
);

const TOP_KEYS = ['mutationId', 'entity', 'recordId', 'baseVersion', 'territoryId', 'changes', 'at'] as const;

/** Invalid values for each top-level key of a mutation. */
function badTop(key: (typeof TOP_KEYS)[number]): fc.Arbitrary<unknown> {
  switch (key) {
    case 'mutationId':
    case 'recordId':
    case 'territoryId':
      return fc.oneof(notUuid, fc.constant(null));
    case 'entity':
      return fc.oneof(
        fc.constantFrom('Family', 'family ', 'families', 'conflictrecord', '__proto__', 'toString', 'constructor', 'hasOwnProperty', 'records', "family'; DROP TABLE records;--", ''),
        anyText.filter((s) => !(entityNames as readonly string[]).includes(s)),
        notString,
        fc.constant(null),
      );
    case 'baseVersion':
      return fc.oneof(fc.constantFrom(-1, -0.5, 1.5, '1', '0', null, true, 1e-7), fc.constant([]), fc.constant({}), anyText);
    case 'changes':
      return fc.oneof(
        fc.constantFrom(null, [], 'changes', 0, true),
        fc.array(json, { minLength: 1, maxLength: 3 }),
        fc.string({ minLength: 81, maxLength: 120 }).map((k) => ({ [k]: 1 })),
      );
    case 'at':
      return fc.oneof(
        fc.constantFrom('2026-13-01T00:00:00Z', '2026-01-05 08:00:00', 'hier', '', '2026-01-05', '1736064000000', '2026-01-05T08:00:00'),
        fc.integer(),
        anyText.filter((s) => !/^\d{4}-/.test(s)),
        fc.constant(null),
      );
  }
}

type Corrupt = { label: string; make: fc.Arbitrary<{ mutation: unknown; deep?: string; status?: number }> };

function withChange(m: MutationJson, key: string, value: unknown): MutationJson {
  return { ...m, changes: { ...m.changes, [key]: value } };
}

const entryCreate = fc.record({ mutationId: uuid, recordId: uuid }).map(({ mutationId, recordId }) => mutation({ mutationId, recordId, changes: newEntry() }));
const familyCreate = fc
  .record({ mutationId: uuid, recordId: uuid })
  .map(({ mutationId, recordId }) => mutation({ mutationId, recordId, entity: 'family', changes: { guardians: [], children: [], needs: [] } }));
const entryEdit = uuid.map((mutationId) => mutation({ mutationId, recordId: EXISTING_ENTRY, baseVersion: 1, changes: { notes: 'modifiée' } }));

/** One mutation the server must refuse, and why. */
const CORRUPTIONS: Corrupt[] = [
  {
    label: 'top-level field of the wrong type or format',
    make: fc
      .tuple(validMutation, fc.constantFrom(...TOP_KEYS))
      .chain(([m, key]) => badTop(key).map((value) => ({ mutation: { ...m, [key]: value } }))),
  },
  {
    label: 'top-level field missing',
    make: fc.tuple(validMutation, fc.constantFrom(...TOP_KEYS)).map(([m, key]) => {
      const copy: Record<string, unknown> = { ...m };
      delete copy[key];
      return { mutation: copy };
    }),
  },
  { label: 'not an object', make: fc.oneof(fc.constantFrom(null, 0, 'mutation', true), fc.constant([]), anyText).map((mutation) => ({ mutation })) },
  { label: 'unknown field in changes', make: fc.tuple(validMutation, unknownKey, json).map(([m, k, v]) => ({ mutation: withChange(m, k, v) })) },
  { label: 'invalid directory entry field', make: fc.tuple(entryCreate, badEntryField).map(([m, [k, v]]) => ({ mutation: withChange(m, k, v) })) },
  { label: 'invalid family field', make: fc.tuple(familyCreate, badFamilyField).map(([m, [k, v]]) => ({ mutation: withChange(m, k, v) })) },
  { label: 'invalid edit', make: fc.tuple(entryEdit, badEditField).map(([m, [k, v]]) => ({ mutation: withChange(m, k, v) })) },
  {
    label: 'territory out of scope',
    make: fc.oneof(
      fc.tuple(validMutation, fc.oneof(fc.constant(TB), uuid)).map(([m, t]) => ({ mutation: { ...m, territoryId: t } })),
      fc.tuple(entryEdit, fc.oneof(fc.constant(TB), uuid)).map(([m, t]) => ({ mutation: withChange(m, 'territoryId', t) })),
      uuid.map((mutationId) => ({ mutation: mutation({ mutationId, recordId: ENTRY_B, baseVersion: 1, changes: { name: 'Pris' } }) })),
      uuid.map((mutationId) => ({ mutation: mutation({ mutationId, recordId: ENTRY_B, baseVersion: 0, changes: newEntry() }) })),
    ),
  },
  {
    label: 'entity the animator may not write',
    make: fc
      .tuple(uuid, uuid, fc.constantFrom('territory', 'commune', 'site', 'staffUser'))
      .map(([mutationId, recordId, entity]) => ({ mutation: mutation({ mutationId, recordId, entity, changes: { name: 'Nouveau' } }) })),
  },
  {
    label: 'edit of an append-only record',
    make: fc.tuple(uuid, fc.oneof(fc.constant({ notes: 'corrigé' }), fc.constant({ deleted: true }), fc.constant({}))).map(([mutationId, changes]) => ({
      mutation: mutation({ mutationId, entity: 'sessionLog', recordId: EXISTING_LOG, baseVersion: 1, changes }),
    })),
  },
  {
    label: 'mutation id reused with other content',
    make: fc.oneof(
      storableText(50).map((notes) => ({ mutation: withChange(REPLAYED, 'notes', `autre ${notes}`) })),
      fc.constant({ mutation: { ...REPLAYED, baseVersion: 3 } }),
      fc.constant({ mutation: { ...LOG_MUTATION, at: '2026-01-05T08:00:01.000Z' } }),
      fc.constant({ mutation: { ...REPLAYED, entity: 'family' } }),
    ),
  },
  {
    label: 'edit before the create it depends on',
    make: fc.tuple(uuid, uuid).map(([mutationId, recordId]) => ({ mutation: mutation({ mutationId, recordId, baseVersion: 1, changes: { notes: 'avant la création' } }) })),
  },
  {
    label: 'NUL or lone surrogate in a string',
    make: fc.tuple(validMutation, fc.constantFrom('notes', 'name', 'address'), unstorableText).map(([m, k, v]) => ({ mutation: withChange(m, k, v), status: 400 })),
  },
  {
    label: 'deeply nested value',
    make: fc
      // String fields and a key no entity has: no nesting, even `[]`, is valid there.
      .tuple(validMutation, fc.constantFrom('notes', 'name', 'address', 'unknown'), deepText)
      .map(([m, k, deep]) => ({ mutation: withChange(m, k, DEEP), deep })),
  },
  {
    label: 'null for a required field',
    make: fc.tuple(entryCreate, fc.constantFrom('kind', 'name', 'communeCode')).map(([m, k]) => ({ mutation: withChange(m, k, null) })),
  },
];

/** A push of valid mutations with one hostile mutation somewhere in it. */
const hostileBatch: fc.Arbitrary<{ label: string; body: JsonWithDeep; status?: number }> = fc
  .tuple(
    fc.constantFrom(...CORRUPTIONS).chain((c) => c.make.map((made) => ({ label: c.label, ...made }))),
    fc.array(validMutation, { maxLength: 4 }),
    fc.nat(),
    fc.constantFrom('device-fuzz-1', 'device-fuzz-2', 'fuzz-setup'),
  )
  .map(([bad, valid, at, clientId]) => {
    const mutations: unknown[] = [...valid];
    mutations.splice(at % (valid.length + 1), 0, bad.mutation);
    return { label: `push: ${bad.label}`, body: { value: { clientId, mutations }, deep: bad.deep }, status: bad.status };
  });

const validBody = fc.array(validMutation, { minLength: 1, maxLength: 3 }).map((mutations) => JSON.stringify({ clientId: 'device-fuzz-1', mutations }));

/** Envelopes the server must refuse before looking at any mutation. */
const badEnvelope: fc.Arbitrary<{ label: string; body: JsonWithDeep; status?: number }> = fc.oneof(
  fc.tuple(fc.oneof(notString, fc.constantFrom('', 'short', 'x'.repeat(65), null), anyText.filter((s) => s.length < 8 || s.length > 64)), fc.array(validMutation, { minLength: 1, maxLength: 2 })).map(
    ([clientId, mutations]) => ({ label: 'push: bad clientId', body: { value: { clientId, mutations } }, status: 400 }),
  ),
  fc.array(validMutation, { minLength: 1, maxLength: 2 }).map((mutations) => ({ label: 'push: clientId missing', body: { value: { mutations } }, status: 400 })),
  fc.oneof(fc.constantFrom(null, [], {}, 'mutations', 0), json.filter((v) => !Array.isArray(v) || v.length === 0)).map((mutations) => ({
    label: 'push: mutations not a list',
    body: { value: { clientId: 'device-fuzz-1', mutations } },
    status: 400,
  })),
  fc.oneof(json, fc.constantFrom(null, true, 0, 'push', [])).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((value) => ({
    label: 'push: body not an object',
    body: { value },
    status: 400,
  })),
  fc.tuple(fc.integer({ min: MAX_MUTATIONS_PER_PUSH + 1, max: MAX_MUTATIONS_PER_PUSH + 40 }), fc.constantFrom<unknown>(0, null, {}, 'x', [])).map(([n, item]) => ({
    label: 'push: too many mutations',
    body: { value: { clientId: 'device-fuzz-1', mutations: Array.from({ length: n }, () => item) } },
    status: 413,
  })),
  fc.tuple(deepText, fc.constantFrom('top', 'clientId', 'mutations', 'mutation')).map(([deep, where]) => {
    const value = where === 'top' ? DEEP : where === 'clientId' ? { clientId: DEEP, mutations: [1] } : where === 'mutations' ? { clientId: 'device-fuzz-1', mutations: DEEP } : { clientId: 'device-fuzz-1', mutations: [DEEP] };
    return { label: `push: deep ${where}`, body: { value, deep } };
  }),
  unstorableText.map((clientId) => ({ label: 'push: NUL or lone surrogate in clientId', body: { value: { clientId: `device-${clientId}`.slice(0, 60), mutations: [1] } }, status: 400 })),
);

const pushBodies: fc.Arbitrary<{ label: string; body: Body; status?: number }> = fc.oneof(
  { arbitrary: hostileBatch.map((b) => ({ label: b.label, body: text(toText(b.body)), status: b.status })), weight: 10 },
  { arbitrary: badEnvelope.map((b) => ({ label: b.label, body: text(toText(b.body)), status: b.status })), weight: 3 },
  { arbitrary: notJson(validBody).map((body) => ({ label: 'push: not JSON', body, status: 400 })), weight: 3 },
);

// ---------------------------------------------------------------------------------------------
// Routes

const KNOWN_EMAILS = ['anim.a@example.fr', 'coord.a@example.fr', 'anim.b@example.fr', 'inactive@example.fr', 'ANIM.A@EXAMPLE.FR', ' coord.a@example.fr '];
const email = fc.oneof(fc.constantFrom(...KNOWN_EMAILS), fc.emailAddress(), storableText(60, 1), fc.constantFrom(...PAYLOADS));
const password = fc.oneof(storableText(80, 1), fc.constantFrom(...PAYLOADS), fc.constant(`${PASSWORD} `), fc.constant(PASSWORD.toUpperCase())).filter((p) => p !== PASSWORD);

const loginBody: fc.Arbitrary<{ label: string; body: Body; status?: number }> = fc.oneof(
  { arbitrary: fc.record({ email, password }).map((value) => ({ label: 'login: wrong password', body: text(JSON.stringify(value)) })), weight: 4 },
  {
    arbitrary: fc.record({ email: fc.oneof(email, notString, fc.constant(null)), password: fc.oneof(password, notString, fc.constant(null)) }, { requiredKeys: [] }).map((value) => ({
      label: 'login: wrong types or keys missing',
      body: text(JSON.stringify(value)),
    })),
    weight: 3,
  },
  {
    arbitrary: fc.oneof(
      fc.record({ email: tooLong(254), password }),
      fc.record({ email, password: tooLong(1024) }),
      fc.record({ email: fc.constantFrom('', '   ', '\t'), password }),
      fc.record({ email, password: fc.constant('') }),
    ).map((value) => ({ label: 'login: out of bounds', body: text(JSON.stringify(value)), status: 400 })),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(unstorableText, fc.boolean()).map(([bad, inEmail]) => ({
      label: 'login: NUL or lone surrogate',
      body: text(JSON.stringify(inEmail ? { email: bad, password: 'x' } : { email: 'anim.a@example.fr', password: bad })),
      status: 400,
    })),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(deepText, fc.constantFrom('top', 'email', 'password')).map(([deep, where]) => ({
      label: 'login: deep nesting',
      body: text(toText({ value: where === 'top' ? DEEP : { email: 'anim.a@example.fr', password: 'x', [where]: DEEP }, deep })),
    })),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: 16 * 1024 + 1, max: 20 * 1024 }).map((n) => ({
      label: 'login: body over 16 KiB',
      body: text(JSON.stringify({ email: 'anim.a@example.fr', password: 'p'.repeat(n) })),
      status: 413,
    })),
    weight: 1,
  },
  { arbitrary: notJson(fc.record({ email, password }).map((v) => JSON.stringify(v))).map((body) => ({ label: 'login: not JSON', body, status: 400 })), weight: 2 },
);

const QUERY_VALUES = ['', '-1', '1.5', '1e3', '0x10', ' 1', '+1', 'NaN', 'Infinity', '١٢', '１', '9'.repeat(16), '9'.repeat(400), 'abc', 'null', 'true', '[]', '%', '%FF', '%00', '%E2%80%AE1', '0', '1', '42', '999999999999999', '000000000000001', '1000', '1001'];
const queryKey = fc.oneof(
  { arbitrary: fc.constantFrom('since', 'limit'), weight: 6 },
  { arbitrary: fc.constantFrom('since[]', 'limit[0]', 'Since', 'LIMIT', 'since ', '__proto__', 'constructor', '', 'since%00'), weight: 1 },
);
const queryValue = fc.oneof(
  { arbitrary: fc.constantFrom(...QUERY_VALUES), weight: 5 },
  { arbitrary: fc.nat().map(String), weight: 2 },
  { arbitrary: anyText.map((s) => encodeURIComponent(s.replace(/\p{Cs}/gu, '?'))), weight: 2 },
  { arbitrary: fc.constantFrom(...PAYLOADS).map((s) => encodeURIComponent(s)), weight: 1 },
);
const queryString = fc
  .array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 5 })
  .map((params) => params.map(([k, v, withEquals]) => (withEquals || v !== '' ? `${k}=${v}` : k)).join('&'));

/** Paths that are not routes; the server must answer 404 whatever the method. */
const UNKNOWN_PATHS = [
  '/api',
  '/api/',
  '/api/auth',
  '/api/auth/login/',
  '/api/auth/me/',
  '/api/sync/push/',
  '/API/auth/me',
  '/api/Auth/Me',
  '/api/sync',
  '/api/sync/pull/extra',
  '/api/auth/login.json',
  '/api/records',
  '/api/admin',
  '/api/%00',
  '/api/%E2%80%AE',
  '/api/%ZZ',
  "/api/'; DROP TABLE records;--",
  '/api/<script>alert(1)</script>',
  '/api/sync/pull;since=0',
  '/index.html',
  '/.env',
  '/favicon.ico',
  '/',
];
/** Real routes with a method they do not answer. */
const WRONG_METHODS: Array<[string, string]> = [
  ['GET', '/api/auth/login'],
  ['PUT', '/api/auth/login'],
  ['GET', '/api/auth/logout'],
  ['DELETE', '/api/auth/logout'],
  ['POST', '/api/auth/me'],
  ['PATCH', '/api/auth/me'],
  ['GET', '/api/sync/push'],
  ['PUT', '/api/sync/push'],
  ['POST', '/api/sync/pull'],
  ['DELETE', '/api/sync/pull'],
  ['OPTIONS', '/api/sync/push'],
  ['OPTIONS', '/api/auth/login'],
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'get', 'post', 'X-CUSTOM'];
const segment = fc.oneof(fc.webSegment(), fc.constantFrom('..', '.', '%2e%2e', '%2F', '', '~', '%u0000', '%C0%AF'), storableText(20).map((s) => encodeURIComponent(s)));

const unknownRoute: fc.Arbitrary<HostileRequest> = fc.oneof(
  fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...UNKNOWN_PATHS), authSpec(true), extraHeaders, fc.option(validBody, { nil: undefined })).map(([method, path, auth, headers, body]) => ({
    route: 'unknown' as const,
    label: 'unknown route',
    method,
    path,
    auth,
    headers,
    body: body === undefined ? undefined : text(body),
    status: 404,
  })),
  fc.tuple(fc.constantFrom(...WRONG_METHODS), authSpec(true), extraHeaders, fc.option(validBody, { nil: undefined })).map(([[method, path], auth, headers, body]) => ({
    route: 'unknown' as const,
    label: 'real route, wrong method',
    method,
    path,
    auth,
    headers,
    body: body === undefined ? undefined : text(body),
    status: 404,
  })),
  fc.tuple(fc.constantFrom(...METHODS), fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), authSpec(false), extraHeaders).map(([method, segments, api, auth, headers]) => ({
    route: 'unknown' as const,
    label: 'random path',
    method,
    path: `${api ? '/api/' : '/'}${segments.join('/')}`,
    auth,
    headers,
  })),
);

function post(route: Route, path: string, auth: fc.Arbitrary<AuthSpec>, bodies: fc.Arbitrary<{ label: string; body: Body; status?: number }>): fc.Arbitrary<HostileRequest> {
  return fc.tuple(auth, extraHeaders, bodies).map(([auth, headers, b]) => ({
    route,
    label: b.label,
    method: 'POST',
    path,
    auth,
    headers,
    body: b.body,
    status: b.status,
  }));
}

/** Short form of a request in failure reports (bodies can be a megabyte long). */
function summarize(req: HostileRequest): HostileRequest {
  const body = req.body === undefined ? '' : req.body.kind === 'text' ? JSON.stringify(req.body.text.slice(0, 300)) : `<${req.body.bytes.length} bytes>`;
  const size = req.body === undefined ? 0 : req.body.kind === 'text' ? req.body.text.length : req.body.bytes.length;
  const summary = `${req.method} ${req.path.slice(0, 200)} [${req.label}] auth=${JSON.stringify(req.auth)} headers=${JSON.stringify(req.headers)} body(${size})=${body}`;
  Object.defineProperty(req, fc.toStringMethod, { value: () => summary, enumerable: false });
  return req;
}

const accounts = accountRequests();

/** Every hostile request; `live` tokens appear only where the request cannot change anything with them. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  { arbitrary: post('push', '/api/sync/push', authSpec(true), pushBodies), weight: 14 },
  {
    arbitrary: post('push', '/api/sync/push', authSpec(false), fc.oneof(validBody.map((t) => ({ label: 'push: valid body, no valid session', body: text(t) })), pushBodies)),
    weight: 3,
  },
  { arbitrary: post('login', '/api/auth/login', fc.oneof(fc.constant<AuthSpec>({ kind: 'none' }), authSpec(true)), loginBody), weight: 6 },
  {
    arbitrary: post(
      'logout',
      '/api/auth/logout',
      authSpec(false),
      fc.oneof(fc.constant({ label: 'logout: no body', body: text('') }), validBody.map((t) => ({ label: 'logout: with a body', body: text(t) })), notJson(validBody).map((body) => ({ label: 'logout: junk body', body }))),
    ),
    weight: 3,
  },
  {
    arbitrary: fc.tuple(authSpec(true), extraHeaders, fc.option(queryString, { nil: undefined }), fc.constantFrom('GET', 'HEAD')).map(([auth, headers, query, method]) => ({
      route: 'me' as const,
      label: 'me',
      method,
      path: query === undefined ? '/api/auth/me' : `/api/auth/me?${query}`,
      auth,
      headers,
    })),
    weight: 3,
  },
  {
    arbitrary: fc.tuple(authSpec(true), extraHeaders, queryString, fc.constantFrom('GET', 'GET', 'GET', 'HEAD')).map(([auth, headers, query, method]) => ({
      route: 'pull' as const,
      label: 'pull: hostile query string',
      method,
      path: `/api/sync/pull?${query}`,
      auth,
      headers,
    })),
    weight: 5,
  },
  { arbitrary: unknownRoute, weight: 4 },
  { arbitrary: accounts.adminRequest, weight: 6 },
  { arbitrary: accounts.auditRequest, weight: 3 },
  { arbitrary: accounts.publicRequest, weight: 3 },
).map(summarize);
