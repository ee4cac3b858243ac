import { describe, expect, it } from 'vitest';
import { TourneeDB } from '../../src/app/db/database';
import { ValidationError, createRecord, updateRecord } from '../../src/app/db/repository';
import { enrollmentRangeIssue } from '../../src/domain/entities/bus-enrollment';
import { recordRuleIssue, recordSchema } from '../../src/domain/registry';

const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const fields = { childId: crypto.randomUUID(), familyId: crypto.randomUUID(), siteId: crypto.randomUUID(), from: '2026-12-01', to: '2027-06-30', hoursPerMonth: 40, days: ['mon' as const] };
const envelope = { id: crypto.randomUUID(), version: 1, updatedAt: '2026-12-01T00:00:00.000Z', deleted: false, territoryId: T };

describe('a PSU contract ends on or after the day it starts', () => {
  it('the record schema refuses an end before the start, in French, on the end date', () => {
    expect(recordSchema('busEnrollment').safeParse({ ...envelope, ...fields }).success).toBe(true);
    // One day is a contract too.
    expect(recordSchema('busEnrollment').safeParse({ ...envelope, ...fields, to: '2026-12-01' }).success).toBe(true);
    const bad = recordSchema('busEnrollment').safeParse({ ...envelope, ...fields, to: '2026-11-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues).toEqual([expect.objectContaining({ path: ['to'], message: 'la fin du contrat précède son début' })]);
    expect(enrollmentRangeIssue({ from: '2027-01-01', to: '2026-12-31' })?.path).toBe('to');
    // The same rule for whoever checks a merged record (the server after an edit of one date).
    expect(recordRuleIssue('busEnrollment', { ...fields, from: '2027-07-01' })).toEqual({ path: 'to', message: 'la fin du contrat précède son début' });
    expect(recordRuleIssue('busEnrollment', fields)).toBeUndefined();
  });

  it('on the device, neither a new contract nor an edit of one date may invert it, and nothing is written or queued', async () => {
    const db = new TourneeDB(`enrol-${crypto.randomUUID()}`);
    await expect(createRecord(db, 'busEnrollment', T, { ...fields, from: '2027-07-01' })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.records('busEnrollment').count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);

    const ok = await createRecord(db, 'busEnrollment', T, fields);
    const edit = updateRecord(db, 'busEnrollment', ok.id, { to: '2026-11-15' });
    await expect(edit).rejects.toBeInstanceOf(ValidationError);
    await edit.catch((e: ValidationError) => expect(e.issues[0]).toMatchObject({ path: 'to', message: 'la fin du contrat précède son début' }));
    expect((await db.records('busEnrollment').get(ok.id))?.to).toBe('2027-06-30');
    expect(await db.outbox.count()).toBe(1);
  });
});
