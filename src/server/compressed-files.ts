import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** Text-like types worth compressing; images, fonts and tile packs are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|geo\+json|manifest\+json|wasm)|image\/svg\+xml)/;
/** Below this, headers cost more than the bytes saved. */
const MIN_SIZE = 1024;
/** Above this, a file is streamed as it is rather than held in memory. */
const MAX_SIZE = 8 * 1024 * 1024;

export function isCompressible(contentType: string, size: number): boolean {
  return size >= MIN_SIZE && size <= MAX_SIZE && COMPRESSIBLE.test(contentType);
}

/**
 * The best encoding the client accepts, from its Accept-Encoding header (`q=0` refuses one).
 * Brotli first: about a fifth smaller than gzip on the app's scripts.
 */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find((m) => m)?.[1];
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const allows = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return undefined;
}

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** The build's own compressed copy (scripts/precompress.ts), if it is as new as the file. */
async function prebuilt(path: string, encoding: Encoding): Promise<Buffer | undefined> {
  try {
    const [original, copy] = await Promise.all([stat(path), stat(path + SUFFIX[encoding])]);
    return copy.mtimeMs >= original.mtimeMs ? await readFile(path + SUFFIX[encoding]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compressed copies of the built files, once per file version (path, size and time), kept: the
 * build never changes under a running server, and the app's whole text is a few megabytes. The
 * build writes the best copies beforehand; a file without one is compressed here at a fast level,
 * so a first request never waits long.
 */
export class CompressedFiles {
  private readonly cache = new Map<string, Promise<Buffer>>();

  get(path: string, version: string, encoding: Encoding): Promise<Buffer> {
    const key = `${encoding}:${path}:${version}`;
    let found = this.cache.get(key);
    if (!found) {
      found = prebuilt(path, encoding).then(
        async (ready) =>
          ready ??
          readFile(path).then((raw) =>
            encoding === 'br' ? brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : gz(raw, { level: 6 }),
          ),
      );
      // A failed read is not cached: the next request tries again.
      found.catch(() => this.cache.delete(key));
      this.cache.set(key, found);
    }
    return found;
  }
}
