import { useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A link a phone's calendar subscribes to: the territory's coming sessions (of one commune when
 * chosen), refreshed by the calendar itself. Public data, so the address holds no secret.
 */
export function CalendarSubscribe({ territoryId, commune }: { territoryId: string; commune: string | undefined }) {
  const [copied, setCopied] = useState(false);
  const path = `/api/public/territories/${territoryId}/calendar.ics${commune ? `?commune=${encodeURIComponent(commune)}` : ''}`;
  const https = new URL(path, window.location.origin).toString();
  const webcal = https.replace(/^https?:/, 'webcal:');
  async function copy() {
    try {
      await navigator.clipboard.writeText(https);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <details class="subscribe">
      <summary>{t('visits.subscribe.title')}</summary>
      <p>{t('visits.subscribe.explain')}</p>
      <p>
        <a class="btn" href={webcal}>
          {t('visits.subscribe.open')}
        </a>{' '}
        <button type="button" class="btn btn--small" onClick={() => void copy()}>
          {t('visits.subscribe.copy')}
        </button>
        {copied ? (
          <span role="status" class="muted">
            {' '}
            {t('request.link.copied')}
          </span>
        ) : null}
      </p>
    </details>
  );
}
