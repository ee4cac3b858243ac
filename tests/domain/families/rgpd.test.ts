import { describe, expect, it } from 'vitest';
import { collectBundle, lastActivity, type TerritoryRecords } from '../../../src/domain/families/bundle';
import { ERASED_PHONE, planErase } from '../../../src/domain/families/erase';
import { familyExport } from '../../../src/domain/families/export';
import { DEFAULT_RETENTION_MONTHS, monthsBefore, staleFiles } from '../../../src/domain/families/retention';
import { supportAllowance, supportSessionsInYear } from '../../../src/domain/families/support';
import type { RecordOf } from '../../../src/domain/registry';
import { computeIndicators, yearPeriod } from '../../../src/domain/reports/indicators';
import { recordSchema } from '../../../src/domain/registry';
import { T, family, uid } from './fixtures';

const env = (at = '2024-01-10T08:00:00.000Z') => ({ id: uid(), version: 1, updatedAt: at, deleted: false, territoryId: T });

function world() {
  const child = uid();
  const kept = family({ updatedAt: '2024-01-10T08:00:00.000Z', guardians: [{ id: uid(), firstName: 'Awa', phone: '0612345678' }], children: [{ id: child, firstName: 'Léa', birthDate: '2024-03-01' }], notes: 'privé' });
  const merged = family({ deleted: true, mergedInto: kept.id });
  const stranger = family();
  const request: RecordOf<'intakeRequest'> = { ...env(), phone: '06 12 34 56 78', name: 'Awa D.', message: 'Besoin d’une place', childBirthDate: '2024-03-01', needs: ['childcare'], status: 'done', receiptCode: 'ABC123', consent: { textVersion: 'v1', givenAt: '2024-01-01T00:00:00.000Z' }, familyId: kept.id };
  const appointment: RecordOf<'appointment'> = { ...env(), kind: 'permanence', status: 'done', start: '2024-02-01T09:00:00.000Z', end: '2024-02-01T10:00:00.000Z', timeZone: 'Europe/Paris', familyId: merged.id, notes: 'rdv' };
  const session = uid();
  const log: RecordOf<'sessionLog'> = {
    ...env(),
    sessionId: session,
    authorId: uid(),
    loggedAt: '2024-03-05T10:00:00.000Z',
    contacts: [
      { personKind: 'family', personId: merged.id, questionType: 'contrat', orientation: 'caf' },
      { personKind: 'family', personId: stranger.id, questionType: 'secret d’une autre famille' },
    ],
    notes: 'notes de séance',
  };
  const note: RecordOf<'supportNote'> = { ...env(), familyId: kept.id, authorId: uid(), date: '2024-04-02', durationMinutes: 60, note: 'confidentiel' };
  const records: TerritoryRecords = {
    families: [kept, merged, stranger],
    intakeRequests: [request],
    appointments: [appointment],
    busEnrollments: [],
    supportNotes: [note],
    attendanceEvents: [],
    sessionLogs: [log],
  };
  return { kept, merged, stranger, request, appointment, log, note, records, child, session };
}

describe('a family file and what points to it', () => {
  it('gathers the records of the file and of the files merged into it, with only its own contacts of the logs', () => {
    const w = world();
    const b = collectBundle(w.records, w.kept.id)!;
    expect(b.mergedFamilies.map((f) => f.id)).toEqual([w.merged.id]);
    expect(b.intakeRequests).toEqual([w.request]);
    expect(b.appointments).toEqual([w.appointment]);
    expect(b.supportNotes).toEqual([w.note]);
    expect(b.contacts).toEqual([{ logId: w.log.id, sessionId: w.session, loggedAt: w.log.loggedAt, authorId: w.log.authorId, theme: undefined, contacts: [w.log.contacts[0]] }]);
    const exported = JSON.stringify(familyExport(b, '2026-01-05T08:00:00.000Z'));
    expect(exported).not.toContain('secret d’une autre famille');
    expect(exported).not.toContain('notes de séance');
    expect(exported).toContain('confidentiel');
  });

  it('dates the last activity from the latest of all its records', () => {
    const w = world();
    expect(lastActivity(collectBundle(w.records, w.kept.id)!)).toBe('2024-04-02T23:59:59.999Z');
  });
});

describe('erasure', () => {
  it('tombstones the file, the merged files, requests and appointments with their personal fields cleared, and every edit stays valid', () => {
    const w = world();
    const plan = planErase(collectBundle(w.records, w.kept.id)!, '2026-01-05T08:00:00.000Z');
    expect(plan.families.map((f) => f.id)).toEqual([w.kept.id, w.merged.id]);
    const apply = <R extends object>(r: R, edit: Record<string, unknown>) => {
      const out: Record<string, unknown> = { ...r, ...edit };
      for (const [k, v] of Object.entries(edit)) if (v === undefined) delete out[k];
      return out;
    };
    const erasedFamily = apply(w.kept, plan.families[0]!.edit);
    expect(erasedFamily).toMatchObject({ deleted: true, erasedAt: '2026-01-05T08:00:00.000Z', guardians: [], children: [], needs: [] });
    expect(erasedFamily).not.toHaveProperty('notes');
    expect(recordSchema('family').safeParse(erasedFamily).success).toBe(true);
    const erasedRequest = apply(w.request, plan.intakeRequests[0]!.edit);
    expect(erasedRequest).toMatchObject({ deleted: true, phone: ERASED_PHONE, receiptCode: 'ABC123' });
    for (const gone of ['name', 'message', 'childBirthDate', 'familyId']) expect(erasedRequest).not.toHaveProperty(gone);
    expect(recordSchema('intakeRequest').safeParse(erasedRequest).success).toBe(true);
    const conflict = { id: uid(), deleted: false, recordId: w.kept.id };
    const otherConflict = { id: uid(), deleted: false, recordId: w.stranger.id };
    const withConflicts = planErase(collectBundle(w.records, w.kept.id)!, '2026-01-05T08:00:00.000Z', [conflict, otherConflict]);
    expect(withConflicts.conflictRecords).toEqual([{ id: conflict.id, edit: { deleted: true, keptValue: undefined, otherValue: undefined } }]);
    const erasedAppointment = apply(w.appointment, plan.appointments[0]!.edit);
    expect(erasedAppointment).not.toHaveProperty('notes');
    expect(recordSchema('appointment').safeParse(erasedAppointment).success).toBe(true);
  });

  it('an erased family is not counted by the indicators; its contacts stay anonymous', () => {
    const w = world();
    const siteId = uid();
    const sessions = [{ id: w.session, deleted: false, territoryId: T, kind: 'permanence' as const, siteId, start: '2024-03-05T09:00:00.000Z', end: '2024-03-05T11:00:00.000Z', timeZone: 'Europe/Paris', status: 'done' as const }];
    const log = { ...w.log, contacts: [{ personKind: 'family' as const, personId: w.kept.id }] };
    const input = { sessions, logs: [log], attendance: [], sites: [{ id: siteId, name: 'Mairie', communeCode: '42224' }] };
    const before = computeIndicators({ ...input, families: [w.kept] }, yearPeriod(2024), 'territory');
    expect(before.totals.families).toBe(1);
    const plan = planErase(collectBundle(w.records, w.kept.id)!, '2026-01-05T08:00:00.000Z');
    const erased = { ...w.kept, ...plan.families[0]!.edit } as RecordOf<'family'>;
    const after = computeIndicators({ ...input, families: [erased] }, yearPeriod(2024), 'territory');
    expect(after.totals.families).toBe(0);
    expect(after.totals.anonymousFamilyContacts).toBe(1);
  });
});

describe('retention', () => {
  it('lists live files untouched for longer than the period, oldest first', () => {
    const w = world();
    const fresh = family({ updatedAt: '2025-12-01T00:00:00.000Z' });
    const records = { ...w.records, families: [...w.records.families, fresh] };
    const bundles = records.families.map((f) => collectBundle(records, f.id)!);
    const stale = staleFiles(bundles, '2026-05-01T00:00:00.000Z');
    expect(DEFAULT_RETENTION_MONTHS).toBe(24);
    expect(stale.map((s) => s.familyId)).toEqual([w.kept.id]);
    expect(stale[0]!.lastActivity).toBe('2024-04-02T23:59:59.999Z');
    // One more month of retention keeps it: its last activity (2 April 2024) is after 1 April 2024.
    expect(staleFiles(bundles, '2026-05-01T00:00:00.000Z', 25)).toEqual([]);
    expect(() => staleFiles(bundles, '2026-05-01T00:00:00.000Z', 0)).toThrow(RangeError);
  });

  it('counts months on the calendar, the 31st falling back to the end of a short month', () => {
    expect(monthsBefore('2026-03-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore('2026-01-15T00:00:00.000Z', 24)).toBe('2024-01-15T00:00:00.000Z');
  });
});

describe('parenting-support sessions', () => {
  it('counts the live sessions of the year and warns at and past five', () => {
    const notes = ['2026-01-02', '2026-02-02', '2025-12-30', '2026-03-02'].map((date) => ({ date, deleted: false }));
    expect(supportSessionsInYear([...notes, { date: '2026-04-01', deleted: true }], 2026)).toBe(3);
    expect(supportAllowance(4)).toBeUndefined();
    expect(supportAllowance(5)).toBe('full');
    expect(supportAllowance(6)).toBe('over');
  });
});
