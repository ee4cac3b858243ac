import type { MessageKey } from './fr';

/**
 * Key families that only the parent screens show: every French key starting with one of these
 * must be translated in each parent language (a missing one is a type error in its catalogue).
 */
export const parentPrefixes = ['find.', 'visits.', 'kind.', 'sessionKind.', 'filters.', 'origin.', 'map.', 'update.', 'lang.', 'request.'] as const;

/** Keys of shared families (navigation, directory cards, common words) that parents see too. */
export const sharedParentKeys = [
  'app.name',
  'app.tagline',
  'nav.label',
  'nav.skip',
  'nav.find',
  'nav.visits',
  'nav.staff',
  'common.loading',
  'common.cancel',
  'common.close',
  'error.storage',
  'lazy.failed',
  'settings.lowSpace',
  'directory.search',
  'directory.count',
  'directory.more',
  'directory.view',
  'directory.viewList',
  'directory.viewMap',
  'directory.noResult',
  'directory.callShort',
  'directory.callWho',
  'directory.smsShort',
  'directory.emailShort',
  'directory.toWho',
  'directory.routeShort',
  'directory.routeWho',
  'directory.vcardShort',
  'directory.vcardWho',
  'directory.places',
  'directory.placesFrom',
  'directory.months',
  'directory.years',
  'directory.ages',
  'directory.agesFrom',
  'directory.agesTo',
  'directory.features',
  'directory.atypicalHours',
  'directory.disabilityWelcome',
  'directory.languages',
  'directory.distanceM',
  'directory.distanceKm',
] as const satisfies readonly MessageKey[];

type ParentPrefix = (typeof parentPrefixes)[number];

/** Every message a parent can see. */
export type ParentKey = Extract<MessageKey, `${ParentPrefix}${string}`> | (typeof sharedParentKeys)[number];

/** A parent language's catalogue: exactly the parent keys, no more, no fewer. */
export type ParentCatalogue = { readonly [K in ParentKey]: string };

/** Runtime list of the parent keys, from the French reference catalogue. */
export function parentKeysOf(reference: Readonly<Record<string, string>>): string[] {
  const shared = new Set<string>(sharedParentKeys);
  return Object.keys(reference).filter((k) => shared.has(k) || parentPrefixes.some((p) => k.startsWith(p)));
}
