#!/usr/bin/env node
// Draws the app icons (a white van on teal) without any dependency: shapes are sampled 4×4 per
// pixel for smooth edges and written as RGBA PNG (zlib + hand-made chunks with CRC-32).
// The same shapes are written as public/favicon.svg. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEAL = [0x1d, 0x5c, 0x63, 255];
const WHITE = [255, 255, 255, 255];

// The van, in a unit box: x 0.05–0.95, y 0.22–0.815. Later layers paint over earlier ones.
const roundRect = (x0, y0, x1, y1, r) => ({ kind: 'rect', x0, y0, x1, y1, r });
const circle = (cx, cy, r) => ({ kind: 'circle', cx, cy, r });
const polygon = (...points) => ({ kind: 'polygon', points });
const van = [
  [WHITE, roundRect(0.05, 0.22, 0.7, 0.72, 0.07)], // cargo box
  [WHITE, roundRect(0.6, 0.45, 0.95, 0.72, 0.07)], // bonnet
  [WHITE, polygon([0.62, 0.22], [0.8, 0.22], [0.95, 0.5], [0.62, 0.5])], // cab
  [TEAL, polygon([0.72, 0.3], [0.79, 0.3], [0.88, 0.47], [0.72, 0.47])], // windscreen
  [TEAL, roundRect(0.12, 0.3, 0.3, 0.45, 0.03)], // side windows
  [TEAL, roundRect(0.36, 0.3, 0.58, 0.45, 0.03)],
  [TEAL, circle(0.25, 0.72, 0.13)], // wheel arches
  [TEAL, circle(0.76, 0.72, 0.13)],
  [WHITE, circle(0.25, 0.72, 0.095)], // wheels
  [WHITE, circle(0.76, 0.72, 0.095)],
  [TEAL, circle(0.25, 0.72, 0.035)],
  [TEAL, circle(0.76, 0.72, 0.035)],
];
const CONTENT_CENTER = [0.5, 0.5175];

function inside(shape, x, y) {
  switch (shape.kind) {
    case 'circle':
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case 'rect': {
      const { x0, y0, x1, y1, r } = shape;
      if (x < x0 || x > x1 || y < y0 || y > y1) return false;
      const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
      const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
      return dx * dx + dy * dy <= r * r;
    }
    case 'polygon': {
      let odd = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i];
        const [xj, yj] = p[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
      return odd;
    }
  }
  return false;
}

/**
 * Colour at a point of the icon (both in 0–1). `scale` is the size of the van's unit box relative
 * to the icon; `corner` rounds the teal background (0 = full bleed, as maskable icons need).
 */
function colourAt(x, y, scale, corner) {
  if (corner > 0 && !inside(roundRect(0, 0, 1, 1, corner), x, y)) return [0, 0, 0, 0];
  const ux = (x - 0.5) / scale + CONTENT_CENTER[0];
  const uy = (y - 0.5) / scale + CONTENT_CENTER[1];
  let colour = TEAL;
  for (const [c, shape] of van) if (inside(shape, ux, uy)) colour = c;
  return colour;
}

function render(size, scale, corner) {
  const N = 4; // samples per axis
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const c = colourAt((px + (sx + 0.5) / N) / size, (py + (sy + 0.5) / N) / size, scale, corner);
          // Premultiply so transparent samples do not darken the edges.
          sum[0] += c[0] * c[3];
          sum[1] += c[1] * c[3];
          sum[2] += c[2] * c[3];
          sum[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const a = sum[3];
      rgba[o] = a ? Math.round(sum[0] / a) : 0;
      rgba[o + 1] = a ? Math.round(sum[1] / a) : 0;
      rgba[o + 2] = a ? Math.round(sum[2] / a) : 0;
      rgba[o + 3] = Math.round(a / (N * N));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1)); // each row starts with filter type 0
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (c) => `#${c.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`;

function svg(scale, corner) {
  const t = (x, y) => [((x - CONTENT_CENTER[0]) * scale + 0.5) * 512, ((y - CONTENT_CENTER[1]) * scale + 0.5) * 512];
  const n = (v) => Math.round(v * 10) / 10;
  const parts = van.map(([c, s]) => {
    const fill = `fill="${hex(c)}"`;
    if (s.kind === 'circle') {
      const [cx, cy] = t(s.cx, s.cy);
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(s.r * scale * 512)}" ${fill}/>`;
    }
    if (s.kind === 'rect') {
      const [x, y] = t(s.x0, s.y0);
      const k = scale * 512;
      return `<rect x="${n(x)}" y="${n(y)}" width="${n((s.x1 - s.x0) * k)}" height="${n((s.y1 - s.y0) * k)}" rx="${n(s.r * k)}" ${fill}/>`;
    }
    return `<polygon points="${s.points.map(([x, y]) => t(x, y).map(n).join(',')).join(' ')}" ${fill}/>`;
  });
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">',
    `<rect width="512" height="512" rx="${corner * 512}" fill="${hex(TEAL)}"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

// Maskable: the whole van must stay inside the central circle of radius 40 % (the safe zone);
// at scale 0.66 its bounding box reaches 0.36 from the centre.
const icons = [
  { file: 'public/icons/icon-192.png', size: 192, scale: 0.8, corner: 0.18 },
  { file: 'public/icons/icon-512.png', size: 512, scale: 0.8, corner: 0.18 },
  { file: 'public/icons/icon-maskable-512.png', size: 512, scale: 0.66, corner: 0 },
];

for (const { file, size, scale, corner } of icons) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png(size, render(size, scale, corner)));
  console.log(`wrote ${file}`);
}
writeFileSync(join(root, 'public/favicon.svg'), svg(0.8, 0.18));
console.log('wrote public/favicon.svg');
