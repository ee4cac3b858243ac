import { describe, expect, it } from 'vitest';
import { inseeCode, phone, timeZone } from '../../src/domain/common';
import { changesSchema, entityNames, fieldsSchema, recordSchema, type EntityName } from '../../src/domain/registry';
import { ids, validRecords } from './fixtures';

const valid = <E extends EntityName>(name: E) => structuredClone(validRecords[name]) as Record<string, unknown>;
const accepts = (name: EntityName, record: unknown) => recordSchema(name).safeParse(record).success;

describe('recordSchema', () => {
  it.each(entityNames)('accepts a valid %s', (name) => {
    const parsed = recordSchema(name).safeParse(validRecords[name]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(entityNames)('refuses an unknown field on %s', (name) => {
    expect(accepts(name, { ...valid(name), isAdmin: true })).toBe(false);
    expect(accepts(name, { ...valid(name), __proto__: { polluted: 1 }, extra: 1 })).toBe(false);
  });

  it.each(entityNames)('refuses a %s without its envelope', (name) => {
    for (const key of ['id', 'version', 'updatedAt', 'deleted', 'territoryId']) {
      const record = valid(name);
      delete record[key];
      expect(accepts(name, record), key).toBe(false);
    }
  });

  // prettier-ignore
  const wrong: Array<[EntityName, string, unknown]> = [
    ['territory', 'id', 'not-a-uuid'],
    ['territory', 'version', -1],
    ['territory', 'version', 1.5],
    ['territory', 'version', '3'],
    ['territory', 'deleted', 'false'],
    ['territory', 'updatedAt', '10/03/2025 08:30'],
    ['territory', 'name', 42],
    ['commune', 'postcodes', '17130'],
    ['commune', 'postcodes', ['1713']],
    ['commune', 'population', -5],
    ['commune', 'lat', 91],
    ['commune', 'lon', '-0.4'],
    ['site', 'kind', 'chateau'],
    ['directoryEntry', 'kind', 'nounou'],
    ['directoryEntry', 'placesAvailable', 501],
    ['directoryEntry', 'email', 'not an email'],
    ['directoryEntry', 'availableFrom', '2025-13-01'],
    ['directoryEntry', 'atypicalHours', 'yes'],
    ['family', 'guardians', {}],
    ['family', 'children', [{ id: ids.child, firstName: 'Inès' }]],
    ['family', 'needs', ['childcare', 'astrology']],
    ['family', 'consent', { textVersion: '', givenAt: '2025-02-01T10:00:00Z' }],
    ['intakeRequest', 'receiptCode', 'k7mz4q2p'],
    ['intakeRequest', 'status', 'lost'],
    ['intakeRequest', 'consent', undefined],
    ['appointment', 'start', '2025-03-10'],
    ['appointment', 'end', null],
    ['scheduledSession', 'staffIds', ['nope']],
    ['scheduledSession', 'capacity', 12.5],
    ['sessionLog', 'contacts', [{ personKind: 'neighbour' }]],
    ['attendanceEvent', 'type', 'check'],
    ['staffUser', 'role', 'superuser'],
    ['staffUser', 'territoryIds', []],
    ['staffUser', 'active', 1],
    ['conflictRecord', 'status', 'ignored'],
  ];
  it.each(wrong)('refuses %s.%s = %j', (name, field, value) => {
    expect(accepts(name, { ...valid(name), [field]: value })).toBe(false);
  });

  it('refuses anything that is not an object', () => {
    for (const input of [null, undefined, 'territory', 42, [], [validRecords.territory]]) {
      expect(accepts('territory', input)).toBe(false);
    }
  });
});

describe('INSEE codes', () => {
  it.each(['17306', '75056', '97411', '2A004', '2B033'])('accepts %s', (code) => {
    expect(inseeCode.safeParse(code).success).toBe(true);
    expect(accepts('commune', { ...valid('commune'), code })).toBe(true);
  });

  it.each(['', '7505', '750561', '2C004', '2a004', 'ABCDE', '75 056', ' 75056', '75056\n', '1730A', 17306])('refuses %j', (code) => {
    expect(inseeCode.safeParse(code).success).toBe(false);
    expect(accepts('commune', { ...valid('commune'), code })).toBe(false);
    expect(accepts('directoryEntry', { ...valid('directoryEntry'), communeCode: code })).toBe(false);
  });
});

describe('time zones', () => {
  it.each(['Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'Pacific/Noumea', 'UTC', 'Etc/GMT+4', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => {
    expect(timeZone.safeParse(zone).success).toBe(true);
    expect(accepts('site', { ...valid('site'), timeZone: zone })).toBe(true);
  });

  it.each(['', 'Europe/', '/Paris', '../../etc/passwd', 'Europe/Paris; DROP TABLE sites', '+04:00', 'UTC+4', 'Mars/Olympus', 'Europe/Pariss', 'Europe/Paris '.trim() + '\u0000', 'A/'.repeat(40)])('refuses %j', (zone) => {
    expect(timeZone.safeParse(zone).success).toBe(false);
    expect(accepts('appointment', { ...valid('appointment'), timeZone: zone })).toBe(false);
    expect(accepts('territory', { ...valid('territory'), timeZone: zone })).toBe(false);
  });
});

describe('phone numbers', () => {
  it.each(['06 12 34 56 78', '0612345678', '+33 6 12 34 56 78', '+262 262 12 34 56', '02.62.12.34.56', '(0262) 12-34-56'])('accepts %s', (value) => {
    expect(phone.safeParse(value).success).toBe(true);
    expect(accepts('intakeRequest', { ...valid('intakeRequest'), phone: value })).toBe(true);
  });

  it('trims what was typed around the number', () => {
    expect(phone.parse('  06 12 34 56 78 ')).toBe('06 12 34 56 78');
  });

  it.each(['', '   ', 'abc', '12345', '06 12 34 56 7x', '+33+612345678', 'tel:0612345678', '<script>alert(1)</script>', '=HYPERLINK("http://x")', '------', '(((( ))))', '0'.repeat(33), '06 12 34 56 78\n06 00'])('refuses %j', (value) => {
    expect(phone.safeParse(value).success).toBe(false);
    expect(accepts('intakeRequest', { ...valid('intakeRequest'), phone: value })).toBe(false);
    expect(accepts('directoryEntry', { ...valid('directoryEntry'), phone: value })).toBe(false);
  });
});

describe('hostile strings', () => {
  // [entity, field, max length]: the max is accepted, one more character is refused.
  // prettier-ignore
  const bounded: Array<[EntityName, string, number]> = [
    ['territory', 'name', 120],
    ['site', 'name', 160],
    ['site', 'address', 240],
    ['directoryEntry', 'name', 160],
    ['directoryEntry', 'notes', 2000],
    ['family', 'notes', 10000],
    ['intakeRequest', 'message', 2000],
    ['intakeRequest', 'name', 120],
    ['appointment', 'notes', 2000],
    ['scheduledSession', 'rrule', 500],
    ['sessionLog', 'notes', 5000],
    ['staffUser', 'name', 120],
    ['conflictRecord', 'field', 80],
  ];
  it.each(bounded)('%s.%s holds at most %i characters', (name, field, max) => {
    expect(accepts(name, { ...valid(name), [field]: 'é'.repeat(max) })).toBe(true);
    expect(accepts(name, { ...valid(name), [field]: 'é'.repeat(max + 1) })).toBe(false);
    expect(accepts(name, { ...valid(name), [field]: 'x'.repeat(1_000_000) })).toBe(false);
  });

  it('refuses a required name made only of spaces and trims the kept one', () => {
    expect(accepts('site', { ...valid('site'), name: ' \t\n ' })).toBe(false);
    const parsed = recordSchema('site').parse({ ...valid('site'), name: '  Salle des fêtes  ' });
    expect(parsed.name).toBe('Salle des fêtes');
  });

  it('refuses oversized arrays', () => {
    const guardian = validRecords.family.guardians[0];
    expect(accepts('family', { ...valid('family'), guardians: Array.from({ length: 11 }, () => guardian) })).toBe(false);
    expect(accepts('commune', { ...valid('commune'), postcodes: Array.from({ length: 21 }, () => '17130') })).toBe(false);
    expect(accepts('sessionLog', { ...valid('sessionLog'), contacts: Array.from({ length: 201 }, () => ({ personKind: 'other' })) })).toBe(false);
  });

  it('keeps markup as plain text (escaping is the job of the view)', () => {
    const notes = '<img src=x onerror=alert(1)> "; DROP TABLE families; --';
    expect(recordSchema('family').parse({ ...valid('family'), notes }).notes).toBe(notes);
  });
});

describe('changesSchema', () => {
  it.each(entityNames)('accepts an empty edit and a one-field edit of %s', (name) => {
    const schema = changesSchema(name);
    expect(schema.safeParse({}).success).toBe(true);
    const fields = fieldsSchema(name).parse(Object.fromEntries(Object.entries(valid(name)).filter(([k]) => !['id', 'version', 'updatedAt', 'deleted', 'territoryId'].includes(k))));
    for (const [field, value] of Object.entries(fields)) {
      expect(schema.safeParse({ [field]: value }).success, field).toBe(true);
    }
  });

  it.each(entityNames)('refuses unknown and envelope fields in an edit of %s', (name) => {
    const schema = changesSchema(name);
    for (const field of ['nmae', 'id', 'version', 'updatedAt', 'constructor']) {
      expect(schema.safeParse({ [field]: 'x' }).success, field).toBe(false);
    }
  });

  it('validates the fields it carries', () => {
    expect(changesSchema('directoryEntry').safeParse({ phone: '06 12 34 56 78' }).success).toBe(true);
    expect(changesSchema('directoryEntry').safeParse({ phone: 'call me' }).success).toBe(false);
    expect(changesSchema('commune').safeParse({ code: '2C004' }).success).toBe(false);
    expect(changesSchema('site').safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(changesSchema('site').safeParse({ name: 'x'.repeat(161) }).success).toBe(false);
  });

  it('refuses an unknown field next to valid ones', () => {
    expect(changesSchema('site').safeParse({ name: 'Mairie', role: 'admin' }).success).toBe(false);
  });
});

describe('fieldsSchema', () => {
  it.each(entityNames)('refuses the envelope inside the data fields of %s', (name) => {
    expect(fieldsSchema(name).safeParse(valid(name)).success).toBe(false);
  });
});
