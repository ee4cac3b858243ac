import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness, type Json } from './helpers';

describe('static app', () => {
  let root: string;
  let dist: string;
  let h: Harness;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tournee-static-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Tournée</title>');
    writeFileSync(join(dist, 'sw.js'), 'self.skipWaiting()');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Tournée"}');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    h = await harness({ staticDir: dist });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html for a client-side route, revalidated', async () => {
    const res = await h.request('GET', '/familles/3f0c/edit');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Tournée</title>');
  });

  it('serves / as index.html', async () => {
    const res = await h.request('GET', '/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Tournée');
  });

  it('serves hashed assets as immutable and the worker as no-cache', async () => {
    const asset = await h.request('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');

    const sw = await h.request('GET', '/sw.js');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(await sw.text()).toBe('self.skipWaiting()');

    const manifest = await h.request('GET', '/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
  });

  it('answers a revalidation with 304', async () => {
    const first = await h.request('GET', '/sw.js');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await h.request('GET', '/sw.js', undefined, undefined, { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
  });

  it('a missing hashed asset is a 404, not the HTML shell', async () => {
    const res = await h.request('GET', '/assets/index-old999.js');
    expect(res.status).toBe(404);
  });

  it('never serves files outside the directory', async () => {
    for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const res = await h.request('GET', path);
      expect(await res.text(), path).not.toContain('do not serve');
    }
  });

  it('leaves /api to the API', async () => {
    const res = await h.request('GET', '/api/unknown');
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'not_found' });
  });

  it('without a static directory, other paths are a JSON 404', async () => {
    const bare = await harness();
    const res = await bare.request('GET', '/familles');
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'not_found' });
  });
});
