import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { CompressedFiles, isCompressible, pickEncoding } from './compressed-files';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
};

function cacheControl(pathname: string): string {
  // Hashed file names change with their content; the shell and the worker must be revalidated.
  if (pathname.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function fileAt(root: string, pathname: string): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
  const path = resolve(root, `.${pathname}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built app from `dir`: files as they are, and index.html for any other GET so the
 * client-side router handles the path. /api is never served from here.
 */
export function staticApp(dir: string): MiddlewareHandler {
  const root = resolve(dir);
  const compressed = new CompressedFiles();
  return async (c, next) => {
    const method = c.req.method;
    const url = new URL(c.req.url);
    if ((method !== 'GET' && method !== 'HEAD') || url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      return next();
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return c.text('Not found', 404);
    }
    if (pathname.includes('\0')) return c.text('Not found', 404);

    let served = pathname;
    let file = pathname.endsWith('/') ? undefined : await fileAt(root, pathname);
    if (!file) {
      // A missing hashed asset is a stale page asking for an old build: say so instead of HTML.
      if (pathname.startsWith('/assets/')) return c.text('Not found', 404);
      served = '/index.html';
      file = await fileAt(root, served);
      if (!file) return c.text('Not found', 404);
    }

    const version = `${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}`;
    const contentType = contentTypes[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    const compressible = isCompressible(contentType, file.size);
    const encoding = compressible ? pickEncoding(c.req.header('accept-encoding')) : undefined;
    // Each encoding is its own representation, so its own validator.
    const etag = `W/"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers = new Headers({
      'Content-Type': contentType,
      'Cache-Control': cacheControl(served),
      ETag: etag,
    });
    if (compressible) headers.set('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    if (encoding) {
      const body = await compressed.get(file.path, version, encoding);
      headers.set('Content-Encoding', encoding);
      headers.set('Content-Length', String(body.length));
      return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
    }
    headers.set('Content-Length', String(file.size));
    if (method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
