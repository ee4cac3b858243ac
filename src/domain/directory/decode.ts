/**
 * Bytes of an imported file → text. French spreadsheets save CSV as UTF-8 (with or without a
 * byte-order mark) or as Windows-1252 ("CSV (séparateur : point-virgule)" in Excel), and
 * "Texte Unicode" as UTF-16 with a mark.
 */

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** True when the file started with a byte-order mark (removed from `text`). */
  bom: boolean;
}

/**
 * Windows-1252 bytes 0x80–0x9F; the rest of the code page equals Latin-1. Decoded by hand because
 * Node 20's TextDecoder reads 'windows-1252' as Latin-1 (0x80 → U+0080 instead of €).
 */
const cp1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const block = 8192;
  const codes = new Uint16Array(block);
  for (let start = 0; start < bytes.length; start += block) {
    const end = Math.min(start + block, bytes.length);
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      codes[i - start] = b >= 0x80 && b < 0xa0 ? (cp1252High[b - 0x80] as number) : b;
    }
    parts.push(String.fromCharCode(...codes.subarray(0, end - start)));
  }
  return parts.join('');
}

/** Decode a file: byte-order mark first, then strict UTF-8, else Windows-1252 (never fails). */
export function decodeText(input: Uint8Array | ArrayBuffer): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // A UTF-8 mark with invalid bytes after it still reads as UTF-8: bad bytes become U+FFFD.
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bom: false };
  }
}
