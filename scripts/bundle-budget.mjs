// Fails when the JavaScript a first visit loads (the entry chunk and what index.html preloads)
// grows past the budget, gzipped. Heavy features (the map) must stay in lazy chunks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 120 * 1024;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) {
  console.error(`bundle budget: no script found in ${dist}/index.html`);
  process.exit(1);
}
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dist, file))).length;
  total += size;
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} KiB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`bundle budget: ${(total / 1024).toFixed(1)} KiB of ${BUDGET_BYTES / 1024} KiB for the first screen (${verdict})`);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
