/** Phone numbers as typed in France ("06 12 34 56 78", "+262 692 …"), made into links. */

/** Digits with a leading + kept: what `tel:` and `sms:` links take. */
export function dialable(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

/** The national form: +33 6… → 06…, +262 692… → 0692…; other countries kept international. */
function national(phone: string): string {
  const d = dialable(phone).replace(/^00/, '+');
  if (d.startsWith('+33')) return `0${d.slice(3)}`;
  // Overseas departments dial as +262 (Réunion, Mayotte), +590, +594, +596 with a 0 nationally.
  const overseas = /^\+(262|269|590|594|596)(\d{9})$/.exec(d);
  if (overseas) return `0${overseas[2]}`;
  return d;
}

/**
 * True for numbers that can receive a text message: French mobiles start with 06 or 07 in the
 * national plan, overseas ones included (0692/0693 Réunion, 0639 Mayotte…).
 */
export function isMobileNumber(phone: string): boolean {
  return /^0[67]\d{8}$/.test(national(phone));
}

export function telHref(phone: string): string {
  return `tel:${dialable(phone)}`;
}

export function smsHref(phone: string): string {
  return `sms:${dialable(phone)}`;
}
