import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/domain/directory/decode';

describe('decodeText', () => {
  it('strips a UTF-8 byte-order mark and says so', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Crèche')]);
    expect(decodeText(bytes)).toEqual({ text: 'Crèche', encoding: 'utf-8', bom: true });
    expect(decodeText(bytes.buffer)).toEqual({ text: 'Crèche', encoding: 'utf-8', bom: true });
  });

  it('reads UTF-8 without a mark, and plain ASCII as UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('Ludothèque œ € 𝄞'))).toEqual({ text: 'Ludothèque œ € 𝄞', encoding: 'utf-8', bom: false });
    expect(decodeText(new TextEncoder().encode('PMI')).encoding).toBe('utf-8');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, with its own 0x80–0x9F', () => {
    // "Crèche" with è as 0xE8, then € (0x80), œ (0x9C), ’ (0x92), Ÿ (0x9F), and the undefined 0x81.
    const bytes = new Uint8Array([0x43, 0x72, 0xe8, 0x63, 0x68, 0x65, 0x20, 0x80, 0x9c, 0x92, 0x9f, 0x81]);
    expect(decodeText(bytes)).toEqual({ text: 'Crèche €œ’Ÿ\u0081', encoding: 'windows-1252', bom: false });
  });

  it('decodes every Windows-1252 byte above 0x9F as the same Latin-1 code point', () => {
    const bytes = Uint8Array.from({ length: 96 }, (_, i) => 0xa0 + i);
    expect(decodeText(bytes).text).toBe(String.fromCharCode(...bytes));
  });

  it('reads a large Windows-1252 file whole', () => {
    const bytes = new Uint8Array(100_000).fill(0xe9);
    const { text, encoding } = decodeText(bytes);
    expect(encoding).toBe('windows-1252');
    expect(text).toBe('é'.repeat(100_000));
  });

  it('reads UTF-16 with a byte-order mark, little or big endian', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe8, 0x00]))).toEqual({ text: 'Aè', encoding: 'utf-16le', bom: true });
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe8]))).toEqual({ text: 'Aè', encoding: 'utf-16be', bom: true });
  });

  it('decodes an empty file to empty text', () => {
    expect(decodeText(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', bom: false });
  });
});
