import type { ComponentChildren } from 'preact';
import type { RecordOf } from '../../domain/registry';
import { isMobileNumber, smsHref, telHref } from '../../domain/phone';
import { formatDate, formatNumber, getLocale, t } from '../i18n';
import { ContactExtras } from './ContactExtras';

type Entry = RecordOf<'directoryEntry'>;

export function formatEntryDistance(metres: number): string {
  return metres < 1000 ? t('directory.distanceM', { m: Math.round(metres / 10) * 10 }) : t('directory.distanceKm', { km: formatNumber(Math.round(metres / 100) / 10) });
}

function ages(e: Entry): string | undefined {
  if (e.ageMinMonths === undefined && e.ageMaxMonths === undefined) return undefined;
  const label = (months: number) => (months % 12 === 0 && months >= 24 ? t('directory.years', { n: months / 12 }) : t('directory.months', { n: months }));
  if (e.ageMinMonths !== undefined && e.ageMaxMonths !== undefined) return t('directory.ages', { from: label(e.ageMinMonths), to: label(e.ageMaxMonths) });
  if (e.ageMinMonths !== undefined) return t('directory.agesFrom', { from: label(e.ageMinMonths) });
  return t('directory.agesTo', { to: label(e.ageMaxMonths!) });
}

/** One directory entry with everything a person can do from it: call, text, write, go there, keep the contact. */
export function EntryCard({
  entry: e,
  communeName,
  distance,
  actions,
  children,
}: {
  entry: Entry;
  communeName: string;
  distance?: number | undefined;
  /** Extra buttons after the contact ones. */
  actions?: ComponentChildren;
  /** Shown under the buttons, e.g. an open editor. */
  children?: ComponentChildren;
}) {
  const places =
    e.placesAvailable === undefined
      ? undefined
      : e.availableFrom
        ? t('directory.placesFrom', { count: e.placesAvailable, date: formatDate(e.availableFrom) })
        : t('directory.places', { count: e.placesAvailable });
  const age = ages(e);
  return (
    <li class="card entry" data-entry-id={e.id}>
      <h2 class="entry__name">
        <bdi>{e.name}</bdi>
      </h2>
      <p class="entry__meta">
        {t(`kind.${e.kind}`)} · <bdi>{communeName}</bdi>
        {distance !== undefined ? <> · {formatEntryDistance(distance)}</> : null}
      </p>
      {places || age ? <p class="entry__places">{[places, age].filter(Boolean).join(' · ')}</p> : null}
      {e.atypicalHours || e.disabilityWelcome || e.languages?.length ? (
        <ul class="tags" aria-label={t('directory.features')}>
          {e.atypicalHours ? <li class="tag">{t('directory.atypicalHours')}</li> : null}
          {e.disabilityWelcome ? <li class="tag">{t('directory.disabilityWelcome')}</li> : null}
          {e.languages?.length ? <li class="tag">{t('directory.languages', { list: e.languages.map((l) => new Intl.DisplayNames([getLocale()], { type: 'language' }).of(l) ?? l).join(', ') })}</li> : null}
        </ul>
      ) : null}
      {e.address ? <p class="entry__address">
          <bdi>{e.address}</bdi>
        </p> : null}
      <p class="entry__actions">
        {e.phone ? (
          <a class="btn btn--small" href={telHref(e.phone)}>
            {t('directory.callShort')}
            <span class="sr-only"> {t('directory.callWho', { name: e.name, phone: e.phone })}</span>
          </a>
        ) : null}
        {e.phone && isMobileNumber(e.phone) ? (
          <a class="btn btn--small" href={smsHref(e.phone)}>
            {t('directory.smsShort')}
            <span class="sr-only"> {t('directory.toWho', { name: e.name })}</span>
          </a>
        ) : null}
        {e.email ? (
          <a class="btn btn--small" href={`mailto:${encodeURIComponent(e.email).replace('%40', '@')}`}>
            {t('directory.emailShort')}
            <span class="sr-only"> {t('directory.toWho', { name: e.name })}</span>
          </a>
        ) : null}
        <ContactExtras entry={e} communeName={communeName} />
        {actions}
      </p>
      {children}
    </li>
  );
}
