import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { DirectoryEntryFields } from '../../../src/domain/directory/import-csv';
import { foldLine, toVCard } from '../../../src/domain/directory/vcard';
import { textArb } from './helpers';

interface Parsed {
  params: Record<string, unknown>;
  type: string;
  value: unknown;
}

/** The card as ical.js reads it: property name → parameters, value type and value of the first occurrence. */
function parse(card: string): Map<string, Parsed> {
  const [name, properties] = ICAL.parse(card) as [string, [string, Record<string, unknown>, string, unknown][]];
  expect(name).toBe('vcard');
  const byName = new Map<string, Parsed>();
  for (const [prop, params, type, value] of properties) if (!byName.has(prop)) byName.set(prop, { params, type, value });
  return byName;
}

const physicalLines = (card: string) => card.split('\r\n').slice(0, -1);

const structure: DirectoryEntryFields = {
  kind: 'eaje',
  name: 'Crèche « Les Lutins », Pilat; annexe \\ sud',
  communeCode: '17306',
  address: '2, rue du Port; bât. B',
  phone: '05 46 12 34 56',
  email: 'contact@lutins.fr',
  lat: 45.2833,
  lon: -0.41,
  notes: 'Entrée côté cour,\nsonner deux fois; merci \\o/',
};

describe('toVCard', () => {
  it('writes a vCard 4.0 that ical.js reads back with the right values', () => {
    const card = toVCard({ ...structure, id: '0b6f3c1e-6a0d-4c8e-9d55-1f2a3b4c5d02' }, 'Montendre');
    const props = parse(card);
    expect(props.get('version')?.value).toBe('4.0');
    expect(props.get('uid')?.value).toBe('urn:uuid:0b6f3c1e-6a0d-4c8e-9d55-1f2a3b4c5d02');
    expect(props.get('kind')?.value).toBe('org');
    expect(props.get('fn')?.value).toBe(structure.name);
    expect(props.get('org')?.value).toBe(structure.name);
    expect(props.get('categories')?.value).toBe('Crèche (EAJE)');
    expect(props.get('tel')).toEqual({ params: { type: ['work', 'voice'] }, type: 'text', value: '05 46 12 34 56' });
    expect(props.get('email')).toEqual({ params: { type: 'work' }, type: 'text', value: 'contact@lutins.fr' });
    expect(props.get('adr')).toEqual({ params: { type: 'work' }, type: 'text', value: ['', '', '2, rue du Port; bât. B', 'Montendre', '', '', ''] });
    expect(props.get('geo')?.value).toBe('geo:45.2833,-0.41');
    expect(props.get('note')?.value).toBe(structure.notes);
  });

  it('ends every line with CRLF and escapes , ; \\ and line breaks', () => {
    const card = toVCard(structure);
    expect(card.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(card.endsWith('END:VCARD\r\n')).toBe(true);
    expect(card.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const unfolded = card.replace(/\r\n /g, '');
    expect(unfolded).toContain('FN:Crèche « Les Lutins »\\, Pilat; annexe \\\\ sud\r\n');
    expect(unfolded).toContain('ORG:Crèche « Les Lutins »\\, Pilat\\; annexe \\\\ sud\r\n');
    expect(unfolded).toContain('NOTE:Entrée côté cour\\,\\nsonner deux fois; merci \\\\o/\r\n');
  });

  it('makes a childminder a person and a mobile number a cell phone', () => {
    const props = parse(toVCard({ kind: 'assistant_maternel', name: 'Sandrine Morel', communeCode: '2A004', phone: '06 12 34 56 78' }));
    expect(props.get('kind')?.value).toBe('individual');
    expect(props.get('title')?.value).toBe('Assistant(e) maternel(le)');
    expect(props.has('org')).toBe(false);
    expect(props.get('tel')?.params.type).toEqual(['work', 'cell']);
    expect(props.has('adr')).toBe(false);
    expect(props.has('geo')).toBe(false);
  });

  it('writes a position without exponent, at six decimals', () => {
    const props = parse(toVCard({ kind: 'pmi', name: 'PMI', communeCode: '97411', lat: -20.8823451234, lon: 1e-9 }));
    expect(props.get('geo')?.value).toBe('geo:-20.882345,0');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 sequence', () => {
    const notes = `${'é'.repeat(50)}${'👩‍👧'.repeat(20)}${'a'.repeat(300)}€`;
    const card = toVCard({ kind: 'pmi', name: 'PMI', communeCode: '17306', notes });
    const lines = physicalLines(card);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
    for (const line of lines) {
      const bytes = new TextEncoder().encode(line);
      expect(bytes.length).toBeLessThanOrEqual(75);
      // A line that ended inside a character would not decode on its own.
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    }
    expect(parse(card).get('note')?.value).toBe(notes);
  });

  it('drops control characters that would hide in a contact', () => {
    const props = parse(toVCard({ kind: 'pmi', name: 'PMI\u0000 du\u202E Pilat', communeCode: '17306', notes: 'a\tb\u0007c\r\nd' }));
    expect(props.get('fn')?.value).toBe('PMI du Pilat');
    expect(props.get('note')?.value).toBe('a bc\nd');
  });

  it('gives back any name, address and notes through ical.js (property)', () => {
    fc.assert(
      fc.property(textArb(160), textArb(240), textArb(2000, true), (name, address, notes) => {
        const props = parse(toVCard({ kind: 'rpe', name, communeCode: '17306', address, notes }, 'Saint-Jean-d’Angély; Nord'));
        expect(props.get('fn')?.value).toBe(name);
        expect(props.get('org')?.value).toBe(name);
        // ical.js splits an ADR component on commas: join them back.
        const adr = props.get('adr')?.value as (string | string[])[];
        // A backslash ending a component is dropped (see adrComponent).
        expect(adr.map((c) => (Array.isArray(c) ? c.join(',') : c))).toEqual(['', '', address.replace(/\\+$/, ''), 'Saint-Jean-d’Angély; Nord', '', '', '']);
        expect(props.get('note')?.value).toBe(notes.replace(/\t/g, ' '));
      }),
      { seed: 1_618_033, numRuns: 300 },
    );
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds the 76th', () => {
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
    expect(foldLine(`${'a'.repeat(74)}é`)).toBe(`${'a'.repeat(74)}\r\n é`);
  });
});
