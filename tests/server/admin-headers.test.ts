/**
 * Transport and caching headers, including on the account routes: HSTS only on HTTPS answers
 * (directly, or behind a trusted proxy that says so), no inline script in the policy, and
 * nothing of the account or audit answers kept by a cache.
 */
import { describe, expect, it } from 'vitest';
import { harness } from './helpers';

describe('transport security', () => {
  it('sends HSTS on HTTPS answers only, and trusts X-Forwarded-Proto only behind a trusted proxy', async () => {
    const direct = await harness();
    const https = await direct.app.request('https://tournee.example/api/auth/me');
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const http = await direct.app.request('http://tournee.example/api/auth/me');
    expect(http.headers.get('strict-transport-security')).toBeNull();
    // Anyone can send the header: ignored unless the proxy is trusted.
    const forged = await direct.app.request('http://tournee.example/api/auth/me', { headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers.get('strict-transport-security')).toBeNull();

    const proxied = await harness({ trustProxy: true });
    const behind = await proxied.app.request('http://127.0.0.1:8080/api/auth/me', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behind.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('account and audit answers are never cached and carry the strict policy', async () => {
    const h = await harness();
    const coord = await h.login('coord.a@example.fr');
    for (const path of ['/api/admin/users', '/api/admin/audit', '/api/admin/audit.csv']) {
      const res = await h.request('GET', path, coord);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
  });
});
