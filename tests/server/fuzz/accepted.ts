/**
 * Valid mutations whose every free-text field holds hostile text (SQL, HTML, CSV formulas,
 * Unicode edge cases, very long strings). The server must store them as data and give them back
 * unchanged.
 */
import fc from 'fast-check';
import { mutation, type MutationJson } from '../helpers';
import { storableText } from './strings';
import { SESSION_ID } from './world';

export interface Created {
  entity: string;
  changes: Record<string, unknown>;
  /** The values the record must hold afterwards, exactly. */
  expected: Record<string, unknown>;
}

let counter = 0;
/**
 * A UUID never used before in this process. fast-check's UUIDs lean towards a few edge values,
 * and a record id met twice would turn a creation into an edit.
 */
export function freshUuid(): string {
  counter += 1;
  return `f0f0f0f0-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** The creation as a mutation, with new ids. */
export function toMutation(c: Created, territoryId: string): MutationJson {
  return mutation({ mutationId: freshUuid(), recordId: freshUuid(), entity: c.entity, territoryId, changes: c.changes });
}

const uuid = fc.uuid();
const GIVEN_AT = '2026-01-04T10:00:00.000Z';
const langs = fc.array(storableText(12, 2), { maxLength: 3 });

function created(entity: string, changes: Record<string, unknown>, expected = changes): Created {
  return { entity, changes, expected };
}

const directoryEntry = fc
  .record({ name: storableText(159), address: storableText(240), notes: storableText(2000), languages: langs })
  .map(({ name, address, notes, languages }) => {
    const changes = { kind: 'rpe', name: `R${name}`, communeCode: '42224', address, notes, languages };
    // `name` is required text: the schema trims it, and that is the only change allowed.
    return created('directoryEntry', changes, { ...changes, name: changes.name.trim() });
  });

const family = fc
  .record({
    guardian: fc.record({ id: uuid, firstName: storableText(80), lastName: storableText(80), languages: fc.array(storableText(12, 2), { maxLength: 2 }) }),
    child: fc.record({ id: uuid, firstName: storableText(80) }),
    notes: storableText(10000),
    textVersion: storableText(32, 1),
  })
  .map(({ guardian, child, notes, textVersion }) =>
    created('family', {
      guardians: [guardian],
      children: [{ ...child, birthDate: '2024-05-01' }],
      needs: ['childcare', 'other'],
      notes,
      consent: { textVersion, givenAt: GIVEN_AT },
    }),
  );

const sessionLog = fc
  .record({ theme: storableText(200), notes: storableText(5000), questionType: storableText(80), orientation: storableText(200) })
  .map(({ theme, notes, questionType, orientation }) =>
    created('sessionLog', {
      sessionId: SESSION_ID,
      authorId: '3e6d4f4b-7a6e-4d5c-8f1a-4b5c6d7e8f90',
      loggedAt: '2026-01-05T09:30:00.000Z',
      contacts: [{ personKind: 'other', questionType, orientation }],
      theme,
      notes,
    }),
  );

const intakeRequest = fc
  .record({ name: storableText(120), message: storableText(2000), textVersion: storableText(32, 1) })
  .map(({ name, message, textVersion }) =>
    created('intakeRequest', {
      phone: '06 12 34 56 78',
      childBirthDate: '2025-11-02',
      name,
      needs: ['paperwork'],
      message,
      status: 'received',
      receiptCode: 'ABC123',
      consent: { textVersion, givenAt: GIVEN_AT },
    }),
  );

const appointment = fc.record({ notes: storableText(2000) }).map(({ notes }) =>
  created('appointment', {
    kind: 'permanence',
    status: 'cancelled',
    start: '2026-01-12T09:00:00.000Z',
    end: '2026-01-12T09:30:00.000Z',
    timeZone: 'Europe/Paris',
    notes,
  }),
);

/** One new record of any entity an animator writes, hostile text in each free-text field. */
export const createdRecord: fc.Arbitrary<Created> = fc.oneof(directoryEntry, family, sessionLog, intakeRequest, appointment);

/** A client id (8 to 64 UTF-16 units) made of hostile text: it is stored in the field metadata. */
export const hostileClientId: fc.Arbitrary<string> = storableText(56).map((s) => `appareil${s}`);

/** A case of the accepted-payload property. */
export interface AcceptedCase {
  batch: Created[];
  clientA: string;
  clientB: string;
  /** The directory entry edited in order, out of order and concurrently. */
  entry: Created;
  notesA: string;
  notesB: string;
  notesC: string;
}

export const acceptedCase: fc.Arbitrary<AcceptedCase> = fc
  .record({
    batch: fc.array(createdRecord, { minLength: 1, maxLength: 4 }),
    clientA: hostileClientId,
    clientB: hostileClientId,
    entry: directoryEntry,
    notesA: storableText(2000),
    notesB: storableText(2000),
    notesC: storableText(1990),
  })
  .map((c) => ({ ...c, notesC: `${c.notesC}[C]` }))
  .filter((c) => c.clientA !== c.clientB && c.notesB !== c.notesC);
