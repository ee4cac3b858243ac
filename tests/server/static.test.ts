import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/server/compressed-files';
import { harness, type Harness, type Json } from './helpers';

const bigScript = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2;`).join('\n');

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
    writeFileSync(join(dist, 'assets', 'app-def456.js'), bigScript);
    writeFileSync(join(dist, 'assets', 'photo-0a1b2c.png'), Buffer.alloc(4096, 7));
    // A copy compressed by the build is sent as it is (marked here so the test can tell).
    writeFileSync(join(dist, 'assets', 'pre-9f8e7d.js'), bigScript);
    writeFileSync(join(dist, 'assets', 'pre-9f8e7d.js.br'), brotliCompressSync(`// built\n${bigScript}`));
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

  it('sends scripts compressed with brotli, or gzip, to a client that accepts them', async () => {
    const br = await h.request('GET', '/assets/app-def456.js', undefined, undefined, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(bigScript.length / 3);
    expect(brotliDecompressSync(brBytes).toString()).toBe(bigScript);

    const gz = await h.request('GET', '/assets/app-def456.js', undefined, undefined, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(bigScript);
    // Two representations, two validators: a cache never answers one with the other.
    expect(gz.headers.get('etag')).not.toBe(br.headers.get('etag'));
    const again = await h.request('GET', '/assets/app-def456.js', undefined, undefined, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);

    const plain = await h.request('GET', '/assets/app-def456.js', undefined, undefined, { 'accept-encoding': 'br;q=0, identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(bigScript);
  });

  it('sends the build’s own compressed copy when there is one', async () => {
    const res = await h.request('GET', '/assets/pre-9f8e7d.js', undefined, undefined, { 'accept-encoding': 'br' });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(`// built\n${bigScript}`);
    // No gzip copy was built: compressed on the spot.
    const gz = await h.request('GET', '/assets/pre-9f8e7d.js', undefined, undefined, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(bigScript);
  });

  it('leaves small files and images as they are', async () => {
    const small = await h.request('GET', '/assets/index-abc123.js', undefined, undefined, { 'accept-encoding': 'br' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('console.log(1)');
    const png = await h.request('GET', '/assets/photo-0a1b2c.png', undefined, undefined, { 'accept-encoding': 'br' });
    expect(png.headers.get('content-encoding')).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(4096);
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

describe('pickEncoding', () => {
  it('prefers brotli, falls back to gzip, honours q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip;q=0.8, br;q=0.1')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0')).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('')).toBeUndefined();
    expect(pickEncoding(undefined)).toBeUndefined();
  });
});
