import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers';

describe('security headers', () => {
  it('every response, API or app, forbids framing, sniffing, inline scripts and eval', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'tournee-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Tournée</title>');
    const h = await harness({ staticDir });
    for (const path of ['/', '/annuaire', '/api/auth/me', '/api/inconnu']) {
      const res = await h.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});
