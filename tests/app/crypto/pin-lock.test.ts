import { describe, expect, it } from 'vitest';
import { decryptRecord, encryptRecord } from '../../../src/app/crypto/field-crypto';
import { MIN_ITERATIONS, PinRuleError, unlockKeyring } from '../../../src/app/crypto/keys';
import {
  FIRST_DELAY_MS,
  FREE_ATTEMPTS,
  LOCK_AFTER_MS_DEFAULT,
  LockedError,
  PinLock,
  WIPE_AFTER_ATTEMPTS,
  delayAfter,
  metaLockStore,
  unlockMessage,
  type LockRecord,
  type LockStore,
  type PinLockOptions,
  type WipeReason,
} from '../../../src/app/crypto/pin-lock';
import { TourneeDB } from '../../../src/app/db/database';
import { family } from './fixtures';

const PIN = '482913';
const WRONG = '000001';
const MIN = 60_000;

/** Saved state as a device keeps it: a JSON copy, so nothing in memory leaks between "reloads". */
function memoryStore(): LockStore & { saved: LockRecord[]; current: () => LockRecord | undefined } {
  let json: string | undefined;
  const saved: LockRecord[] = [];
  return {
    saved,
    current: () => (json === undefined ? undefined : (JSON.parse(json) as LockRecord)),
    load: async () => (json === undefined ? undefined : (JSON.parse(json) as LockRecord)),
    save: async (record) => {
      json = JSON.stringify(record);
      saved.push(JSON.parse(json) as LockRecord);
    },
  };
}

function fakeClock(start = Date.parse('2026-03-02T08:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

async function setUpLock(extra: Partial<PinLockOptions> = {}) {
  const store = memoryStore();
  const clock = fakeClock();
  const wipes: WipeReason[] = [];
  const options: PinLockOptions = { store, clock, keyring: { iterations: MIN_ITERATIONS }, onWipe: (r) => void wipes.push(r), ...extra };
  const lock = await PinLock.open(options);
  await lock.setUp(PIN);
  /** The app reloaded: a new instance on the same saved state. */
  const reload = () => PinLock.open(options);
  return { lock, store, clock, wipes, reload };
}

describe('inactivity lock', () => {
  it('starts with no keyring, then is unlocked right after the PIN is chosen', async () => {
    const lock = await PinLock.open({ store: memoryStore() });
    expect(lock.status()).toEqual({ state: 'no-keyring', wiped: null });
    expect(() => lock.dataKey()).toThrow(LockedError);
    expect(await lock.unlock(PIN)).toEqual({ ok: false, reason: 'no-keyring' });
    await expect(lock.setUp('1234')).rejects.toBeInstanceOf(PinRuleError);
  });

  it('locks after five minutes without activity, and each activity starts them again', async () => {
    const { lock, clock } = await setUpLock();
    const start = clock.now();
    expect(lock.status()).toEqual({ state: 'unlocked' });
    expect(lock.lockDeadline()).toBe(start + LOCK_AFTER_MS_DEFAULT);
    clock.advance(4 * MIN);
    lock.touch();
    clock.advance(4 * MIN);
    expect(lock.dataKey()).toBeDefined();
    clock.advance(MIN - 1);
    expect(lock.status().state).toBe('unlocked');
    clock.advance(1);
    expect(lock.status().state).toBe('locked');
    expect(() => lock.dataKey()).toThrow(LockedError);
    expect(lock.lockDeadline()).toBeNull();
    // Touching after the deadline does not bring the key back.
    lock.touch();
    expect(lock.status().state).toBe('locked');
    expect(await lock.unlock(PIN)).toEqual({ ok: true });
    expect(lock.lockDeadline()).toBe(clock.now() + LOCK_AFTER_MS_DEFAULT);
  });

  it('takes another delay, and locks on demand', async () => {
    const { lock, clock } = await setUpLock({ lockAfterMs: 30_000 });
    clock.advance(29_999);
    expect(lock.status().state).toBe('unlocked');
    lock.lock();
    expect(lock.status().state).toBe('locked');
  });

  it('starts locked after a reload, the key never being saved', async () => {
    const { store, reload } = await setUpLock();
    expect(JSON.stringify(store.current())).not.toMatch(/"(dataKey|key)"/);
    const again = await reload();
    expect(again.status()).toMatchObject({ state: 'locked', failedAttempts: 0 });
    expect(await again.unlock(PIN)).toEqual({ ok: true });
  });

  it('unlocks to the same data key: data written before reads after', async () => {
    const { lock, reload } = await setUpLock();
    const plain = family();
    const stored = await encryptRecord('family', plain, lock.dataKey());
    const again = await reload();
    await again.unlock(PIN);
    expect(await decryptRecord('family', stored, again.dataKey())).toEqual(plain);
  });
});

describe('wrong PINs', () => {
  it('waits 30 s after the fifth wrong PIN, then twice as long each time', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(delayAfter)).toEqual([0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(FREE_ATTEMPTS).toBe(5);
    expect(FIRST_DELAY_MS).toBe(30_000);
    expect(WIPE_AFTER_ATTEMPTS).toBe(10);
  });

  it('counts wrong PINs, makes the person wait, and forgets them after the right one', async () => {
    const { lock, clock } = await setUpLock();
    lock.lock();
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      expect(await lock.unlock(WRONG)).toEqual({ ok: false, reason: 'wrong-pin', attemptsBeforeWipe: WIPE_AFTER_ATTEMPTS - i, retryAt: 0 });
    }
    const fifth = await lock.unlock(WRONG);
    expect(fifth).toEqual({ ok: false, reason: 'wrong-pin', attemptsBeforeWipe: 5, retryAt: clock.now() + 30_000 });
    // While waiting, even the right PIN is not checked, and nothing is counted.
    clock.advance(29_000);
    expect(await lock.unlock(PIN)).toEqual({ ok: false, reason: 'wait', retryAt: clock.now() + 1_000 });
    expect(lock.status()).toMatchObject({ state: 'locked', failedAttempts: 5 });
    clock.advance(1_000);
    expect(await lock.unlock(WRONG)).toMatchObject({ reason: 'wrong-pin', retryAt: clock.now() + 60_000 });
    clock.advance(60_000);
    expect(await lock.unlock(PIN)).toEqual({ ok: true });
    expect(lock.status()).toEqual({ state: 'unlocked' });
    lock.lock();
    expect(lock.status()).toMatchObject({ failedAttempts: 0, retryAt: 0 });
  });

  it('keeps the count and the wait across a reload', async () => {
    const { lock, clock, reload } = await setUpLock();
    lock.lock();
    for (let i = 0; i < FREE_ATTEMPTS; i++) await lock.unlock(WRONG);
    const retryAt = clock.now() + 30_000;
    clock.advance(10_000);
    const again = await reload();
    expect(again.status()).toEqual({ state: 'locked', failedAttempts: 5, retryAt, attemptsBeforeWipe: 5 });
    expect(await again.unlock(PIN)).toEqual({ ok: false, reason: 'wait', retryAt });
    clock.advance(20_000);
    expect(await again.unlock(WRONG)).toMatchObject({ reason: 'wrong-pin', attemptsBeforeWipe: 4, retryAt: clock.now() + 60_000 });
  });

  it('saves the attempt before checking the PIN, so closing the tab mid-check gives no free try', async () => {
    const { lock, store } = await setUpLock();
    lock.lock();
    const before = store.saved.length;
    await lock.unlock(PIN);
    expect(store.saved.slice(before).map((r) => r.failedAttempts)).toEqual([1, 0]);
  });

  it('counts two PINs typed at once as two attempts', async () => {
    const { lock } = await setUpLock();
    lock.lock();
    await Promise.all([lock.unlock(WRONG), lock.unlock('000002')]);
    expect(lock.status()).toMatchObject({ failedAttempts: 2 });
  });

  it('does not let a clock set back stretch the wait', async () => {
    const { lock, clock } = await setUpLock();
    lock.lock();
    for (let i = 0; i < FREE_ATTEMPTS; i++) await lock.unlock(WRONG);
    clock.advance(-24 * 60 * MIN);
    expect(lock.status()).toMatchObject({ retryAt: clock.now() + 30_000 });
    expect(await lock.unlock(PIN)).toEqual({ ok: false, reason: 'wait', retryAt: clock.now() + 30_000 });
    clock.advance(30_000);
    expect(await lock.unlock(PIN)).toEqual({ ok: true });
  });

  it('wipes the keyring at the tenth wrong PIN in a row', async () => {
    const { lock, clock, store, wipes, reload } = await setUpLock();
    lock.lock();
    for (let i = 1; i < WIPE_AFTER_ATTEMPTS; i++) {
      expect(await lock.unlock(WRONG)).toMatchObject({ reason: 'wrong-pin', attemptsBeforeWipe: WIPE_AFTER_ATTEMPTS - i });
      clock.advance(delayAfter(i));
    }
    expect(wipes).toEqual([]);
    expect(await lock.unlock(WRONG)).toEqual({ ok: false, reason: 'wiped' });
    expect(wipes).toEqual(['attempts']);
    expect(store.current()).toEqual({ keyring: null, failedAttempts: 0, retryAt: 0, wiped: 'attempts' });
    expect(lock.status()).toEqual({ state: 'no-keyring', wiped: 'attempts' });
    expect(await lock.unlock(PIN)).toEqual({ ok: false, reason: 'wiped' });
    expect((await reload()).status()).toEqual({ state: 'no-keyring', wiped: 'attempts' });
  });

  it('a new PIN after signing in again starts a fresh count', async () => {
    const { lock, clock } = await setUpLock();
    lock.lock();
    for (let i = 1; i <= WIPE_AFTER_ATTEMPTS; i++) {
      await lock.unlock(WRONG);
      clock.advance(delayAfter(i));
    }
    await lock.setUp('735194');
    expect(lock.status()).toEqual({ state: 'unlocked' });
    await expect(lock.setUp('735194')).rejects.toThrow(/already exists/);
    await lock.setUp('529174', { replace: true });
    lock.lock();
    expect(lock.status()).toMatchObject({ failedAttempts: 0 });
  });
});

describe('revocation', () => {
  it('wipes the keyring at once, even while unlocked', async () => {
    const { lock, store, wipes, reload } = await setUpLock();
    const keyring = store.current()!.keyring!;
    await lock.revoke();
    expect(() => lock.dataKey()).toThrow(LockedError);
    expect(lock.status()).toEqual({ state: 'no-keyring', wiped: 'revoked' });
    expect(wipes).toEqual(['revoked']);
    expect(store.current()?.keyring).toBeNull();
    expect(await (await reload()).unlock(PIN)).toEqual({ ok: false, reason: 'wiped' });
    // The keyring removed was a working one: the wipe, not a broken keyring, is what refuses.
    await expect(unlockKeyring(keyring, PIN)).resolves.toBeDefined();
  });
});

describe('change of PIN', () => {
  it('keeps data readable under the new PIN and refuses the old one', async () => {
    const { lock, reload } = await setUpLock();
    const plain = family();
    const stored = await encryptRecord('family', plain, lock.dataKey());
    expect(await lock.changePin(PIN, 'cheval rouge sur la route')).toEqual({ ok: true });
    const again = await reload();
    expect(await again.unlock(PIN)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await again.unlock('cheval rouge sur la route')).toEqual({ ok: true });
    expect(await decryptRecord('family', stored, again.dataKey())).toEqual(plain);
  });

  it('counts a wrong old PIN, and refuses a weak new one before counting anything', async () => {
    const { lock } = await setUpLock();
    expect(() => lock.changePin(PIN, '123456')).toThrow(PinRuleError);
    expect(await lock.changePin(WRONG, '735194')).toMatchObject({ ok: false, reason: 'wrong-pin', attemptsBeforeWipe: 9 });
    lock.lock();
    expect(lock.status()).toMatchObject({ failedAttempts: 1 });
  });
});

describe('stored in the meta table', () => {
  it('survives closing and reopening the database', async () => {
    const name = `lock-${crypto.randomUUID()}`;
    const clock = fakeClock();
    const open = async (db: TourneeDB) => PinLock.open({ store: metaLockStore(db), clock, keyring: { iterations: MIN_ITERATIONS } });
    const db = new TourneeDB(name);
    const lock = await open(db);
    await lock.setUp(PIN);
    lock.lock();
    for (let i = 0; i < FREE_ATTEMPTS; i++) await lock.unlock(WRONG);
    db.close();
    const reopened = new TourneeDB(name);
    const again = await open(reopened);
    expect(again.status()).toEqual({ state: 'locked', failedAttempts: 5, retryAt: clock.now() + 30_000, attemptsBeforeWipe: 5 });
    clock.advance(30_000);
    expect(await again.unlock(PIN)).toEqual({ ok: true });
    reopened.close();
  });

  it('raises a keyring made with fewer iterations after an unlock', async () => {
    const store = memoryStore();
    const first = await PinLock.open({ store, keyring: { iterations: MIN_ITERATIONS } });
    await first.setUp(PIN);
    const later = await PinLock.open({ store, keyring: { iterations: 2 * MIN_ITERATIONS } });
    expect(await later.unlock(PIN)).toEqual({ ok: true });
    expect(store.current()?.keyring?.iterations).toBe(2 * MIN_ITERATIONS);
    const again = await PinLock.open({ store, keyring: { iterations: 2 * MIN_ITERATIONS } });
    expect(await again.unlock(PIN)).toEqual({ ok: true });
  });
});

describe('messages', () => {
  const now = 1_000_000;
  it.each([
    [{ ok: false, reason: 'wrong-pin', attemptsBeforeWipe: 4, retryAt: 0 } as const, 'Code PIN incorrect (encore 4 essais avant l’effacement des données de cet appareil).'],
    [{ ok: false, reason: 'wrong-pin', attemptsBeforeWipe: 1, retryAt: 0 } as const, 'Code PIN incorrect (dernier essai avant l’effacement des données de cet appareil).'],
    [{ ok: false, reason: 'wait', retryAt: now + 29_500 } as const, 'Trop d’essais : réessayez dans 30 s.'],
    [{ ok: false, reason: 'wait', retryAt: now + 240_000 } as const, 'Trop d’essais : réessayez dans 4 min.'],
    [{ ok: false, reason: 'wiped' } as const, 'Trop de codes PIN incorrects : les données de cet appareil ont été effacées. Reconnectez-vous en ligne pour les retrouver.'],
  ])('%j', (result, text) => {
    expect(unlockMessage(result, now)).toBe(text);
  });
});
