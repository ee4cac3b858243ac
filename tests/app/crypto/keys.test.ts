import { describe, expect, it } from 'vitest';
import {
  KeyringError,
  MIN_ITERATIONS,
  PBKDF2_ITERATIONS,
  PinRuleError,
  WrongPinError,
  changePin,
  createKeyring,
  fromBase64,
  pinProblem,
  strengthenKeyring,
  toBase64,
  unlockKeyring,
  type StoredKeyring,
} from '../../../src/app/crypto/keys';

const fast = { iterations: MIN_ITERATIONS };
const PIN = '482913';

async function sealWith(key: CryptoKey, text: string): Promise<{ iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text)) };
}

async function openWith(key: CryptoKey, sealed: { iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer }): Promise<string> {
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.ct));
}

function flipByte(b64: string, at = 0): string {
  const bytes = fromBase64(b64);
  bytes[at] = bytes[at]! ^ 0x01;
  return toBase64(bytes);
}

describe('keyring', () => {
  it('uses the default PBKDF2 count, stores plain JSON and unlocks with the PIN', async () => {
    const { stored, dataKey } = await createKeyring(PIN);
    expect(stored.iterations).toBe(PBKDF2_ITERATIONS);
    expect(stored).toMatchObject({ version: 1, kdf: 'PBKDF2-SHA-256', wrap: 'AES-KW' });
    expect(fromBase64(stored.salt)).toHaveLength(16);
    expect(fromBase64(stored.wrappedKey)).toHaveLength(40);
    const reloaded = JSON.parse(JSON.stringify(stored)) as StoredKeyring;
    const key = await unlockKeyring(reloaded, PIN);
    expect(await openWith(key, await sealWith(dataKey, 'Bonjour'))).toBe('Bonjour');
  });

  it('hands out a data key that script cannot export', async () => {
    const { stored, dataKey } = await createKeyring(PIN, fast);
    expect(dataKey.extractable).toBe(false);
    expect(dataKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', dataKey)).rejects.toThrow();
    const unlocked = await unlockKeyring(stored, PIN);
    expect(unlocked.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', unlocked)).rejects.toThrow();
  });

  it('tells a wrong PIN by the check value', async () => {
    const { stored } = await createKeyring(PIN, fast);
    for (const wrong of ['482914', '', '4829130', 'x']) {
      await expect(unlockKeyring(stored, wrong)).rejects.toBeInstanceOf(WrongPinError);
    }
    await expect(unlockKeyring(stored, 'nope')).rejects.toThrow('Code PIN incorrect.');
  });

  it('draws a new salt and data key each time', async () => {
    const a = await createKeyring(PIN, fast);
    const b = await createKeyring(PIN, fast);
    expect(a.stored.salt).not.toBe(b.stored.salt);
    expect(a.stored.wrappedKey).not.toBe(b.stored.wrappedKey);
    const sealed = await sealWith(a.dataKey, 'x');
    await expect(openWith(b.dataKey, sealed)).rejects.toThrow();
  });

  it('refuses a damaged or unknown keyring without calling it a wrong PIN', async () => {
    const { stored } = await createKeyring(PIN, fast);
    await expect(unlockKeyring({ ...stored, wrappedKey: flipByte(stored.wrappedKey, 20) }, PIN)).rejects.toBeInstanceOf(KeyringError);
    await expect(unlockKeyring({ ...stored, iterations: 10 }, PIN)).rejects.toBeInstanceOf(KeyringError);
    await expect(unlockKeyring({ ...stored, iterations: 1e9 }, PIN)).rejects.toBeInstanceOf(KeyringError);
    await expect(unlockKeyring({ ...stored, iterations: 1000.5 }, PIN)).rejects.toBeInstanceOf(KeyringError);
    await expect(unlockKeyring({ ...stored, version: 2 } as unknown as StoredKeyring, PIN)).rejects.toBeInstanceOf(KeyringError);
    await expect(unlockKeyring({ ...stored, salt: '***' }, PIN)).rejects.toBeInstanceOf(KeyringError);
  });

  it('derives another key when the salt or the count is altered', async () => {
    const { stored } = await createKeyring(PIN, fast);
    await expect(unlockKeyring({ ...stored, salt: flipByte(stored.salt) }, PIN)).rejects.toBeInstanceOf(WrongPinError);
    await expect(unlockKeyring({ ...stored, iterations: stored.iterations + 1 }, PIN)).rejects.toBeInstanceOf(WrongPinError);
    await expect(unlockKeyring({ ...stored, check: flipByte(stored.check) }, PIN)).rejects.toBeInstanceOf(WrongPinError);
  });

  it('changes the PIN without changing the data key', async () => {
    const { stored, dataKey } = await createKeyring(PIN, fast);
    const sealed = await sealWith(dataKey, 'notes de la famille');
    const next = await changePin(stored, PIN, 'cheval rouge sur la route', fast);
    expect(next.salt).not.toBe(stored.salt);
    expect(await openWith(await unlockKeyring(next, 'cheval rouge sur la route'), sealed)).toBe('notes de la famille');
    await expect(unlockKeyring(next, PIN)).rejects.toBeInstanceOf(WrongPinError);
    await expect(changePin(stored, '000001', '735194', fast)).rejects.toBeInstanceOf(WrongPinError);
    await expect(changePin(stored, PIN, '1234', fast)).rejects.toBeInstanceOf(PinRuleError);
  });

  it('raises a low iteration count after an unlock, keeping the data key', async () => {
    const { stored, dataKey } = await createKeyring(PIN, fast);
    const sealed = await sealWith(dataKey, 'x');
    const raised = await strengthenKeyring(stored, PIN, 2 * MIN_ITERATIONS);
    expect(raised?.iterations).toBe(2 * MIN_ITERATIONS);
    expect(await openWith(await unlockKeyring(raised!, PIN), sealed)).toBe('x');
    expect(await strengthenKeyring(raised!, PIN, 2 * MIN_ITERATIONS)).toBeUndefined();
    await expect(strengthenKeyring(stored, '111112', 2 * MIN_ITERATIONS)).rejects.toBeInstanceOf(WrongPinError);
  });

  it('reads the PIN the same whatever the Unicode form and outer spaces', async () => {
    const composed = 'café du port';
    const { stored } = await createKeyring(composed, fast);
    await expect(unlockKeyring(stored, composed.normalize('NFD'))).resolves.toBeDefined();
    await expect(unlockKeyring(stored, ` ${composed} `)).resolves.toBeDefined();
    await expect(unlockKeyring(stored, 'cafe du port')).rejects.toBeInstanceOf(WrongPinError);
  });
});

describe('PIN rules', () => {
  const cases: [pin: string, problem: RegExp | undefined][] = [
    ['482913', undefined],
    ['4829137', undefined],
    [' 482913 ', undefined],
    ['cheval rouge', undefined],
    ['Passe-2024', undefined],
    ['', /au moins 6 chiffres ou une phrase de passe/],
    ['   ', /au moins 6 chiffres ou une phrase de passe/],
    ['48291', /au moins 6 chiffres/],
    ['000000', /trop facile/],
    ['123456', /trop facile/],
    ['987654', /trop facile/],
    ['890123', /trop facile/],
    ['abc12', /phrase de passe doit avoir au moins 8 caractères/],
    ['x'.repeat(129), /trop long/],
  ];
  it.each(cases)('%j → %s', (pin, problem) => {
    const found = pinProblem(pin);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('refuses to create a keyring under a PIN that breaks a rule', async () => {
    await expect(createKeyring('12345', fast)).rejects.toBeInstanceOf(PinRuleError);
    await expect(createKeyring('111111', fast)).rejects.toThrow(/trop facile/);
  });
});
