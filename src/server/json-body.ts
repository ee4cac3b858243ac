import type { Context } from 'hono';
import { apiError } from './errors';

type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** Deepest nesting a body may have (real ones stay under ten levels); deeper would overflow the stack. */
const MAX_JSON_DEPTH = 64;
/** A UTF-16 surrogate without its pair: JSON.parse lets `"\ud800"` through, PostgreSQL refuses it. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What makes a parsed body unfit to process or store, walked without recursion. */
function unsafeJson(value: unknown): 'too_deep' | 'lone_surrogate' | 'nul' | 'proto_key' | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const v = item.value;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return 'lone_surrogate';
      // PostgreSQL refuses NUL in text: refused for every backend alike.
      if (v.includes('\u0000')) return 'nul';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (item.depth >= MAX_JSON_DEPTH) return 'too_deep';
    // Parsers and validators would turn it into a prototype and silently drop it: refuse it instead.
    if (Object.hasOwn(v, '__proto__')) return 'proto_key';
    const children: unknown[] = Array.isArray(v) ? v : Object.keys(v).concat(Object.values(v));
    for (const child of children) stack.push({ value: child, depth: item.depth + 1 });
  }
  return undefined;
}

/** The request body as JSON, or the 400 to answer: malformed, too deep, or holding what storage refuses. */
export async function readJson(c: Context): Promise<JsonBody> {
  let value: unknown;
  try {
    const text = await c.req.text();
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: apiError(c, 400, 'invalid_json', 'Le corps de la requête n’est pas un JSON valide.') };
  }
  const unsafe = unsafeJson(value);
  if (unsafe === 'too_deep') {
    return { ok: false, response: apiError(c, 400, 'invalid', `Le corps de la requête est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).`) };
  }
  if (unsafe === 'proto_key') {
    return { ok: false, response: apiError(c, 400, 'invalid', 'Nom de champ interdit : « __proto__ ».') };
  }
  if (unsafe === 'nul') {
    return { ok: false, response: apiError(c, 400, 'invalid_character', 'Le texte envoyé contient un caractère nul, refusé.') };
  }
  if (unsafe === 'lone_surrogate') {
    return { ok: false, response: apiError(c, 400, 'invalid_character', 'Le texte envoyé contient un caractère Unicode invalide (demi-paire de substitution), refusé.') };
  }
  return { ok: true, value };
}

