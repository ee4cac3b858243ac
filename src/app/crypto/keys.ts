/**
 * Key hierarchy for data at rest on the device (docs/encryption.md). A random AES-GCM data key
 * encrypts the sensitive fields; it is stored only wrapped (AES-KW) by a key-encryption key
 * derived from the person's PIN with PBKDF2-SHA-256. Changing the PIN rewraps the data key, so
 * the data is never re-encrypted. Argon2 would resist GPUs better but WebCrypto has no Argon2:
 * it would need a WASM library; `kdf` and `iterations` are stored so the scheme can change later.
 */

/**
 * Iterations for new keyrings: about 200 ms on a cheap Android tablet (Cortex-A53/A55 class, ~1 M
 * iterations/s in Chromium's BoringSSL: an estimate to confirm on the teams' tablets), 30–40 ms on
 * a recent x86 core (bench/pin-unlock.ts). OWASP's 600,000 is sized for servers; here the cheapest
 * tablet sets the bound, and against a 6-digit PIN no count within reach stops an offline attack
 * (docs/encryption.md): the lock and the wipe do that work.
 */
export const PBKDF2_ITERATIONS = 210_000;
/** Bounds on a stored count: below, the keyring is damaged; above, unlocking would freeze the device. */
export const MIN_ITERATIONS = 1_000;
export const MAX_ITERATIONS = 10_000_000;
export const KEYRING_VERSION = 1;

const SALT_BYTES = 16;
const CHECK_BYTES = 16;
const MIN_PIN_DIGITS = 6;
const MIN_PASSPHRASE_CHARS = 8;
const MAX_PIN_CHARS = 128;

/** What is kept on the device: plain JSON, safe to store anywhere, useless without the PIN. */
export interface StoredKeyring {
  version: typeof KEYRING_VERSION;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64, 16 random bytes. */
  salt: string;
  wrap: 'AES-KW';
  /** base64, the 256-bit data key wrapped by the key-encryption key (40 bytes). */
  wrappedKey: string;
  /** base64, 16 bytes derived from the PIN apart from the key-encryption key: a wrong PIN is told at once. */
  check: string;
}

/** The PIN does not open this keyring. */
export class WrongPinError extends Error {
  constructor() {
    super('Code PIN incorrect.');
    this.name = 'WrongPinError';
  }
}

/** The chosen PIN breaks a rule; the message is for the person. */
export class PinRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinRuleError';
  }
}

/** The stored keyring is not one this version can read (damaged, tampered, newer format). */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

/** The same PIN typed on two keyboards gives the same key; a trailing space from autocorrect is ignored. */
function normalizePin(pin: string): string {
  return pin.normalize('NFC').trim();
}

function isTrivialDigits(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => (x - d[i]! + 10) % 10));
  // 000000, 123456, 987654, 890123: one repeated step is guessed first by anyone.
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/** Why this PIN or passphrase cannot be chosen, in French; undefined when it is acceptable. */
export function pinProblem(pin: string): string | undefined {
  const p = normalizePin(pin);
  const length = [...p].length;
  if (length === 0) return 'Choisissez un code PIN d’au moins 6 chiffres ou une phrase de passe.';
  if (length > MAX_PIN_CHARS) return `Le code est trop long : ${MAX_PIN_CHARS} caractères au plus.`;
  if (/^\d+$/.test(p)) {
    if (length < MIN_PIN_DIGITS) return `Le code PIN doit avoir au moins ${MIN_PIN_DIGITS} chiffres.`;
    if (isTrivialDigits(p)) return 'Ce code PIN est trop facile à deviner : évitez les chiffres identiques ou qui se suivent.';
    return undefined;
  }
  if (length < MIN_PASSPHRASE_CHARS) return `Une phrase de passe doit avoir au moins ${MIN_PASSPHRASE_CHARS} caractères.`;
  return undefined;
}

export function assertPinAllowed(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new PinRuleError(problem);
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  // Chunks keep String.fromCharCode under the engine's argument limit for long notes.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const encoder = new TextEncoder();

async function deriveFromPin(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<{ kek: CryptoKey; check: Uint8Array }> {
  const subtle = crypto.subtle;
  const pinKey = await subtle.importKey('raw', encoder.encode(normalizePin(pin)), 'PBKDF2', false, ['deriveBits']);
  // 256 bits, one PBKDF2 block: asking for more would double the defender's cost, not the attacker's.
  const master = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, pinKey, 256);
  const hkdf = await subtle.importKey('raw', master, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const info = (what: string) => encoder.encode(`tournee/keyring/v${KEYRING_VERSION}/${what}`);
  const noSalt = new Uint8Array(0);
  const kek = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: noSalt, info: info('kek') }, hkdf, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
  const check = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: noSalt, info: info('check') }, hkdf, CHECK_BYTES * 8));
  return { kek, check };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function checkIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new KeyringError(`iterations out of range: ${iterations}`);
  }
}

async function wrapUnder(dataKey: CryptoKey, pin: string, iterations: number): Promise<StoredKeyring> {
  checkIterations(iterations);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const { kek, check } = await deriveFromPin(pin, salt, iterations);
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, kek, 'AES-KW'));
  return { version: KEYRING_VERSION, kdf: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt), wrap: 'AES-KW', wrappedKey: toBase64(wrapped), check: toBase64(check) };
}

async function openKeyring(stored: StoredKeyring, pin: string, extractable: boolean): Promise<CryptoKey> {
  if (stored.version !== KEYRING_VERSION || stored.kdf !== 'PBKDF2-SHA-256' || stored.wrap !== 'AES-KW') {
    throw new KeyringError('unknown keyring format');
  }
  checkIterations(stored.iterations);
  let salt: Uint8Array<ArrayBuffer>, wrapped: Uint8Array<ArrayBuffer>, expected: Uint8Array;
  try {
    [salt, wrapped, expected] = [fromBase64(stored.salt), fromBase64(stored.wrappedKey), fromBase64(stored.check)];
  } catch {
    throw new KeyringError('keyring is not valid base64');
  }
  const { kek, check } = await deriveFromPin(pin, salt, stored.iterations);
  if (!sameBytes(check, expected)) throw new WrongPinError();
  try {
    return await crypto.subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt']);
  } catch {
    // The PIN matched the check value: the wrapped key itself was altered.
    throw new KeyringError('wrapped key is damaged');
  }
}

export interface KeyringOptions {
  /** Tests use a small count to stay fast; the app keeps the default. */
  iterations?: number;
}

/** A new random data key, and its keyring wrapped under `pin` (checked against the PIN rules). */
export async function createKeyring(pin: string, options: KeyringOptions = {}): Promise<{ stored: StoredKeyring; dataKey: CryptoKey }> {
  assertPinAllowed(pin);
  // Extractable only long enough to be wrapped; the key handed out is unwrapped non-extractable.
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const stored = await wrapUnder(fresh, pin, options.iterations ?? PBKDF2_ITERATIONS);
  return { stored, dataKey: await openKeyring(stored, pin, false) };
}

/** The data key (non-extractable), or WrongPinError. */
export function unlockKeyring(stored: StoredKeyring, pin: string): Promise<CryptoKey> {
  return openKeyring(stored, pin, false);
}

/** The same data key under a new PIN (new salt); the data stays as it is. */
export async function changePin(stored: StoredKeyring, oldPin: string, newPin: string, options: KeyringOptions = {}): Promise<StoredKeyring> {
  assertPinAllowed(newPin);
  const dataKey = await openKeyring(stored, oldPin, true);
  return wrapUnder(dataKey, newPin, options.iterations ?? Math.max(stored.iterations, PBKDF2_ITERATIONS));
}

/**
 * The same data key and PIN with today's iteration count, when the stored one is lower: called
 * after a successful unlock, so raising PBKDF2_ITERATIONS reaches every device. Undefined when
 * nothing is to do.
 */
export async function strengthenKeyring(stored: StoredKeyring, pin: string, iterations = PBKDF2_ITERATIONS): Promise<StoredKeyring | undefined> {
  if (stored.iterations >= iterations) return undefined;
  const dataKey = await openKeyring(stored, pin, true);
  return wrapUnder(dataKey, pin, iterations);
}
