import { describe, expect, it } from 'vitest';
import { dialable, isMobileNumber, smsHref, telHref } from '../../src/domain/phone';

describe('phone links', () => {
  it('keeps digits and a leading plus', () => {
    expect(dialable('06 12 34 56 78')).toBe('0612345678');
    expect(dialable(' +33 (0)4.77.51.00.00 ')).toBe('+330477510000');
    expect(telHref('04 77 51 00 00')).toBe('tel:0477510000');
    expect(smsHref('+262 692 12 34 56')).toBe('sms:+262692123456');
  });

  it.each([
    ['06 12 34 56 78', true],
    ['07 81 00 00 00', true],
    ['+33 6 12 34 56 78', true],
    ['0033 7 12 34 56 78', true],
    ['0692 12 34 56', true],
    ['+262 693 12 34 56', true],
    ['0639 12 34 56', true],
    ['04 77 51 00 00', false],
    ['0262 12 34 56', false],
    ['09 70 00 00 00', false],
    ['+32 470 12 34 56', false],
  ])('%s can receive a text: %s', (phone, expected) => {
    expect(isMobileNumber(phone)).toBe(expected);
  });
});
