import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/server/auth/password';
import { hashToken } from '../../src/server/auth/tokens';
import { ANIM_A, PASSWORD, TEST_COST, error, harness, type Json } from './helpers';

const login = (h: Awaited<ReturnType<typeof harness>>, email: string, password: string, headers?: Record<string, string>) =>
  h.request('POST', '/api/auth/login', undefined, { email, password }, headers);

describe('passwords', () => {
  it('stores a salted, self-describing scrypt hash and checks it', async () => {
    const a = await hashPassword('secret', TEST_COST);
    const b = await hashPassword('secret', TEST_COST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('secret', a)).toBe(true);
    expect(await verifyPassword('Secret', a)).toBe(false);
    expect(await verifyPassword('secret', 'garbage')).toBe(false);
  });

  it('uses N=2^15 by default', async () => {
    expect(await hashPassword('x')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});

describe('login', () => {
  it('returns a token and the staff record, never credentials', async () => {
    const h = await harness();
    const res = await login(h, 'Anim.A@example.fr ', PASSWORD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: Json };
    expect(body.token).toMatch(/^[\w-]{43}$/);
    expect(body.user).toMatchObject({ id: ANIM_A, role: 'animator', email: 'anim.a@example.fr', version: 1 });
    const text = JSON.stringify(body.user);
    expect(text).not.toMatch(/scrypt|password|hash/i);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong password or an unknown e-mail with the same message', async () => {
    const h = await harness();
    for (const [email, password] of [
      ['anim.a@example.fr', 'wrong'],
      ['nobody@example.fr', PASSWORD],
    ] as const) {
      const res = await login(h, email, password);
      expect(res.status).toBe(401);
      expect(error((await res.json()) as Json)).toEqual({
        code: 'invalid_credentials',
        message: 'Adresse e-mail ou mot de passe incorrect.',
      });
    }
  });

  it('refuses malformed bodies with 400', async () => {
    const h = await harness();
    expect((await h.request('POST', '/api/auth/login', undefined, '{"email":')).status).toBe(400);
    expect((await h.request('POST', '/api/auth/login', undefined, { email: 'a@b.fr' })).status).toBe(400);
  });

  it('refuses a deactivated account even with the right password', async () => {
    const h = await harness();
    const res = await login(h, 'inactive@example.fr', PASSWORD);
    expect(res.status).toBe(403);
    expect(error((await res.json()) as Json).code).toBe('account_disabled');
  });

  it('rate-limits after 10 failures per e-mail and address within 15 minutes', async () => {
    const h = await harness();
    for (let i = 0; i < 10; i++) expect((await login(h, 'anim.a@example.fr', `wrong${i}`)).status).toBe(401);
    const blocked = await login(h, 'anim.a@example.fr', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(error((await blocked.json()) as Json).code).toBe('rate_limited');
    // Another account is not affected.
    expect((await login(h, 'coord.a@example.fr', PASSWORD)).status).toBe(200);
    h.advance(15 * 60 * 1000 + 1);
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(200);
  });

  it('keys the limit on the forwarded address only when the proxy is trusted', async () => {
    const h = await harness();
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 10; i++) await login(h, 'anim.a@example.fr', 'wrong', from('203.0.113.1'));
    // Untrusted header: every request counts as the same client.
    expect((await login(h, 'anim.a@example.fr', PASSWORD, from('203.0.113.2'))).status).toBe(429);
  });

  it('a success clears the failure count', async () => {
    const h = await harness();
    for (let i = 0; i < 9; i++) await login(h, 'anim.a@example.fr', 'wrong');
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) await login(h, 'anim.a@example.fr', 'wrong');
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('me returns the signed-in user; no or a bad token gets 401', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const me = await h.request('GET', '/api/auth/me', token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as Json).id).toBe(ANIM_A);

    const none = await h.request('GET', '/api/auth/me');
    expect(none.status).toBe(401);
    expect(error((await none.json()) as Json).code).toBe('unauthorized');
    expect((await h.request('GET', '/api/auth/me', 'A'.repeat(43))).status).toBe(401);
    expect((await h.request('GET', '/api/auth/me', 'not a token')).status).toBe(401);
  });

  it('logout revokes the session and only that one', async () => {
    const h = await harness();
    const first = await h.login('anim.a@example.fr');
    const second = await h.login('anim.a@example.fr');
    const out = await h.request('POST', '/api/auth/logout', first);
    expect(out.status).toBe(204);
    expect((await h.request('GET', '/api/auth/me', first)).status).toBe(401);
    expect((await h.pull(first)).status).toBe(401);
    expect((await h.request('GET', '/api/auth/me', second)).status).toBe(200);
  });

  it('a session expires after 30 days', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    h.advance(29 * 86_400_000);
    expect((await h.request('GET', '/api/auth/me', token)).status).toBe(200);
    h.advance(86_400_000 + 1);
    expect((await h.request('GET', '/api/auth/me', token)).status).toBe(401);
  });

  it('only the token digest is stored', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const stored = await h.store.withTransaction((tx) => tx.getSession(hashToken(token)));
    expect(stored).toMatchObject({ userId: ANIM_A, revoked: false });
    expect(await h.store.withTransaction((tx) => tx.getSession(token))).toBeUndefined();
  });
});
