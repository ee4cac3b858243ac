import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../src/domain/families/duplicates';
import { phoneKey } from '../../../src/domain/families/identity';
import { searchFamilies } from '../../../src/domain/families/search';
import { family, uid } from './fixtures';

describe('phone numbers compared as numbers', () => {
  it('reads +33, 0033 and spaced national forms alike, and overseas numbers too', () => {
    expect(phoneKey('06 12 34 56 78')).toBe('0612345678');
    expect(phoneKey('+33 6 12 34 56 78')).toBe('0612345678');
    expect(phoneKey('0033612345678')).toBe('0612345678');
    expect(phoneKey('+262 692 40 11 22')).toBe('0692401122');
    expect(phoneKey('+44 20 7946 0000')).toBe('+442079460000');
    expect(phoneKey('12-34')).toBeUndefined();
  });
});

describe('suspected duplicates', () => {
  it('pairs files with the same phone in two forms, and says so', () => {
    const a = family({ guardians: [{ id: uid(), phone: '06 12 34 56 78' }] });
    const b = family({ guardians: [{ id: uid(), firstName: 'Awa', phone: '+33612345678' }] });
    const c = family({ guardians: [{ id: uid(), phone: '06 99 99 99 99' }] });
    const pairs = findDuplicates([a, b, c]);
    expect(pairs).toEqual([{ a: a.id, b: b.id, reasons: [{ kind: 'same_phone', phone: '06 12 34 56 78' }] }]);
  });

  it('pairs files with the same child: first name folded (accents, case, hyphen) and same birth date', () => {
    const a = family({ children: [{ id: uid(), firstName: 'Léa-Rose', birthDate: '2024-03-01' }] });
    const b = family({ children: [{ id: uid(), firstName: 'LEA ROSE', birthDate: '2024-03-01' }] });
    const twinDate = family({ children: [{ id: uid(), firstName: 'Noé', birthDate: '2024-03-01' }] });
    const [pair, ...rest] = findDuplicates([b, twinDate, a]);
    expect(rest).toEqual([]);
    expect(pair).toMatchObject({ a: a.id, b: b.id });
    expect(pair!.reasons[0]).toMatchObject({ kind: 'same_child', date: '2024-03-01' });
  });

  it('lists a pair once with all its reasons, strongest first, and ignores deleted files', () => {
    const g = { firstName: 'Marie', lastName: 'Payet', phone: '0692 40 11 22' };
    const a = family({ guardians: [{ id: uid(), ...g }], children: [{ id: uid(), firstName: 'Noah', birthDate: '2025-02-14' }] });
    const b = family({ guardians: [{ id: uid(), ...g, phone: '+262 692 40 11 22' }], children: [{ id: uid(), firstName: 'noah', birthDate: '2025-02-14' }] });
    const weak = family({ guardians: [{ id: uid(), phone: '0692401122' }] });
    const gone = family({ deleted: true, guardians: [{ id: uid(), ...g }] });
    const pairs = findDuplicates([a, b, weak, gone]);
    expect(pairs[0]!.reasons.map((r) => r.kind).sort()).toEqual(['same_child', 'same_guardian_name', 'same_phone']);
    expect(pairs).toHaveLength(3);
    expect(pairs.some((p) => p.a === gone.id || p.b === gone.id)).toBe(false);
  });

  it('does not pair on a surname alone nor on a file with itself', () => {
    const a = family({ guardians: [{ id: uid(), lastName: 'Grondin' }, { id: uid(), phone: '0693558710' }, { id: uid(), phone: '0693 55 87 10' }] });
    const b = family({ guardians: [{ id: uid(), lastName: 'Grondin' }] });
    expect(findDuplicates([a, b])).toEqual([]);
  });
});

describe('family search', () => {
  const payet = family({ guardians: [{ id: uid(), firstName: 'Hélène', lastName: 'Payet', phone: '+262 692 40 11 22' }], children: [{ id: uid(), firstName: 'Noé', birthDate: '2025-02-14' }] });
  const grondin = family({ guardians: [{ id: uid(), lastName: 'Grondin', phone: '06 12 34 56 78' }], children: [{ id: uid(), firstName: 'Lina', birthDate: '2024-09-03' }] });
  const gone = family({ deleted: true, guardians: [{ id: uid(), lastName: 'Payet' }] });
  const all = [payet, grondin, gone];

  it('finds by name or child first name without accents or case, never a deleted file', () => {
    expect(searchFamilies(all, 'helene')).toEqual([payet]);
    expect(searchFamilies(all, 'PAYET')).toEqual([payet]);
    expect(searchFamilies(all, 'noe')).toEqual([payet]);
    expect(searchFamilies(all, 'lína')).toEqual([grondin]);
    expect(searchFamilies(all, 'payet lina')).toEqual([]);
    expect(searchFamilies(all, '')).toEqual([payet, grondin]);
  });

  it('finds by phone whatever the spacing or +33 form', () => {
    expect(searchFamilies(all, '0612345678')).toEqual([grondin]);
    expect(searchFamilies(all, '+33 6 12 34')).toEqual([grondin]);
    expect(searchFamilies(all, '0692 40 11')).toEqual([payet]);
    expect(searchFamilies(all, '56 78')).toEqual([grondin]);
  });
});
