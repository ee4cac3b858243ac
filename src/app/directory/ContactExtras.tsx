import { useMemo } from 'preact/hooks';
import { toVCard } from '../../domain/directory/vcard';
import type { RecordOf } from '../../domain/registry';
import { navLinks, preferredNavLink } from '../../domain/routing/nav-links';
import { t } from '../i18n';
import { platform } from '../ui/platform';

type Entry = RecordOf<'directoryEntry'>;

/** A file name a phone accepts: letters and digits of the name, accents dropped. */
function vcardFileName(name: string): string {
  const base = name.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${base || 'contact'}.vcf`;
}

/** "Go there" in the phone's navigation app, and "keep this contact" as a vCard file. */
export function ContactExtras({ entry: e, communeName }: { entry: Entry; communeName: string }) {
  // The file is made on the device: it works offline and nothing about the entry leaves it. A
  // data address, drawn with the card: no object URL per card to make and free, no button
  // appearing a moment later and moving the card.
  const vcardUrl = useMemo(() => `data:text/vcard;charset=utf-8,${encodeURIComponent(toVCard(e, communeName))}`, [e, communeName]);
  const route = e.lat !== undefined && e.lon !== undefined ? preferredNavLink(navLinks(null, { lat: e.lat, lon: e.lon }, e.name), platform()) : undefined;
  return (
    <>
      {route ? (
        <a class="btn btn--small" href={route} target="_blank" rel="noopener noreferrer">
          {t('directory.routeShort')}
          <span class="sr-only"> {t('directory.routeWho', { name: e.name })}</span>
        </a>
      ) : null}
      <a class="btn btn--small" href={vcardUrl} download={vcardFileName(e.name)}>
        {t('directory.vcardShort')}
        <span class="sr-only"> {t('directory.vcardWho', { name: e.name })}</span>
      </a>
    </>
  );
}
