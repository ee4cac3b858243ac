import { t } from '../i18n';
import { CopyButton } from '../ui/CopyButton';

/**
 * A link a phone's calendar subscribes to: the territory's coming sessions (of one commune when
 * chosen), refreshed by the calendar itself. Public data, so the address holds no secret.
 */
export function CalendarSubscribe({ territoryId, commune }: { territoryId: string; commune: string | undefined }) {
  const path = `/api/public/territories/${territoryId}/calendar.ics${commune ? `?commune=${encodeURIComponent(commune)}` : ''}`;
  const https = new URL(path, window.location.origin).toString();
  const webcal = https.replace(/^https?:/, 'webcal:');
  return (
    <details class="subscribe">
      <summary>{t('visits.subscribe.title')}</summary>
      <p>{t('visits.subscribe.explain')}</p>
      <p>
        <a class="btn" href={webcal}>
          {t('visits.subscribe.open')}
        </a>{' '}
        <CopyButton text={https} label={t('visits.subscribe.copy')} />
      </p>
    </details>
  );
}
