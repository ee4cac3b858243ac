import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { error, harness, mutation } from './helpers';

const enrolment = (extra: Record<string, unknown> = {}) => ({
  childId: randomUUID(),
  familyId: randomUUID(),
  siteId: randomUUID(),
  from: '2026-01-05',
  to: '2026-06-30',
  hoursPerMonth: 40,
  days: ['mon', 'fri'],
  ...extra,
});

describe('rules across the fields of a record, on the server', () => {
  it('refuses an enrolment that ends before it starts, whole or by editing one date, and stores nothing', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const before = await h.dump();
    const backwards = await h.push(token, 'tablet-a1', [mutation({ entity: 'busEnrollment', changes: enrolment({ to: '2025-12-31' }) })]);
    expect(backwards.status, JSON.stringify(backwards.body)).toBe(422);
    expect(error(backwards.body).message).toMatch(/to/);
    expect(await h.dump()).toBe(before);

    const good = mutation({ entity: 'busEnrollment', changes: enrolment() });
    expect((await h.push(token, 'tablet-a1', [good])).status).toBe(200);
    const stored = await h.dump();
    const editTo = await h.push(token, 'tablet-a1', [mutation({ entity: 'busEnrollment', recordId: good.recordId, baseVersion: 1, changes: { to: '2025-11-30' } })]);
    expect(editTo.status).toBe(422);
    expect(await h.dump()).toBe(stored);
    // A date that keeps the range right goes through.
    expect((await h.push(token, 'tablet-a1', [mutation({ entity: 'busEnrollment', recordId: good.recordId, baseVersion: 1, changes: { to: '2026-07-31' } })])).status).toBe(200);
  });
});
