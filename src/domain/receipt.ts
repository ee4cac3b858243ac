/** Letters and digits a parent can read aloud on the phone without confusion (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short receipt code for an intake, from random bytes given by the caller. */
export function receiptCode(random: Uint8Array, length = 8): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(random[i] ?? 0) % ALPHABET.length];
  return out;
}
