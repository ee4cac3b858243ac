import { describe, expect, it } from 'vitest';
import { busEnrollmentFields } from '../../../src/domain/entities/bus-enrollment';
import { surveyResponseFields } from '../../../src/domain/entities/survey-response';
import { uid } from './data';

const enrollment = { childId: uid(1), familyId: uid(2), siteId: uid(3), from: '2025-09-01', to: '2026-07-31', hoursPerMonth: 64.5, days: ['mon', 'thu'] };
const response = { sessionId: uid(4), found: 'partly', wouldReturn: 'yes', overall: 3, answeredAt: '2025-10-06T16:30:00+02:00', channel: 'parent_phone' };

describe('bus enrollment fields', () => {
  it('accepts a PSU contract', () => {
    expect(busEnrollmentFields.strict().parse(enrollment)).toEqual(enrollment);
  });
  it.each([
    ['negative hours', { hoursPerMonth: -1 }],
    ['more hours than a month of opening', { hoursPerMonth: 400 }],
    ['no day', { days: [] }],
    ['an unknown day', { days: ['lundi'] }],
    ['a date with a time', { from: '2025-09-01T00:00:00Z' }],
  ])('refuses %s', (_name, change) => {
    expect(busEnrollmentFields.safeParse({ ...enrollment, ...change }).success).toBe(false);
  });
});

describe('survey response fields', () => {
  it('accepts an answer, and one with only the faces', () => {
    expect(surveyResponseFields.strict().parse(response)).toEqual(response);
    expect(surveyResponseFields.safeParse({ overall: 4, answeredAt: response.answeredAt, channel: 'tablet' }).success).toBe(true);
  });
  it.each([
    ['a face out of the scale', { overall: 5 }],
    ['a zero', { overall: 0 }],
    ['half a face', { overall: 2.5 }],
    ['an unknown answer', { found: 'maybe' }],
    ['an unknown channel', { channel: 'email' }],
    ['a long comment', { comment: 'x'.repeat(501) }],
  ])('refuses %s', (_name, change) => {
    expect(surveyResponseFields.safeParse({ ...response, ...change }).success).toBe(false);
  });
});
