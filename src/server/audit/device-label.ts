/**
 * A short label for a device in the admin's list, when the app did not send one at sign-in:
 * browser and system read from the User-Agent header. Only a hint for a person to recognise
 * their tablet, never used for a decision.
 */
const MAX_LABEL = 80;

const browsers: Array<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  // Headless Chromium says HeadlessChrome: still Chrome for a person reading the list.
  [/Chrom(?:e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
];
const systems: Array<[RegExp, string]> = [
  [/\biPad\b/, 'iPad'],
  [/\biPhone\b/, 'iPhone'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

/** Control and formatting characters (bidi overrides…) would garble the admin's list: removed. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/** A label the device sent: trimmed, printable, at most 80 characters; undefined if unusable. */
export function cleanDeviceName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(UNPRINTABLE, '').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL).trim();
  return clean.length > 0 ? clean : undefined;
}

/** "Chrome sur Android", "Firefox sur Linux"; undefined when nothing is recognised. */
export function labelFromUserAgent(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const ua = userAgent.slice(0, 512);
  const browser = browsers.find(([re]) => re.test(ua))?.[1];
  const system = systems.find(([re]) => re.test(ua))?.[1];
  if (browser && system) return `${browser} sur ${system}`;
  return browser ?? system;
}
