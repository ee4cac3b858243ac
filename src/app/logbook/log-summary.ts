import { orientations, questionTypes } from '../../domain/entities/session-log';
import type { RecordOf } from '../../domain/registry';
import { t, type MessageKey } from '../i18n';
import type { PersonKind } from './people';

type Log = Pick<RecordOf<'sessionLog'>, 'contacts' | 'childrenCount' | 'theme'>;

const kinds: readonly PersonKind[] = ['family', 'assistant_maternel', 'garde_domicile', 'other'];

/** One line for a log: "3 contacts : 2 famille(s), 1 assistant(e) maternel(le) · 5 enfant(s) · Thème : peinture". */
export function logSummary(log: Log): string {
  const parts: string[] = [];
  const counts = kinds.map((k) => [k, log.contacts.filter((c) => c.personKind === k).length] as const).filter(([, n]) => n > 0);
  parts.push(
    log.contacts.length === 0
      ? t('log.summary.noContact')
      : `${t('log.contactCount', { count: log.contacts.length })} : ${counts.map(([k, n]) => t(`log.summary.${k}` as MessageKey, { count: n })).join(', ')}`,
  );
  if (log.childrenCount !== undefined && log.childrenCount > 0) parts.push(t('log.summary.children', { count: log.childrenCount }));
  if (log.theme) parts.push(t('log.summary.theme', { theme: log.theme }));
  return parts.join(' · ');
}

/** A question type for a person: a known key in words, anything else as it was written. */
export function questionLabel(q: string | undefined): string {
  if (!q) return '';
  return (questionTypes as readonly string[]).includes(q) ? t(`log.q.${q}` as MessageKey) : q;
}

export function orientationLabel(o: string | undefined): string {
  if (!o) return '';
  return (orientations as readonly string[]).includes(o) ? t(`log.o.${o}` as MessageKey) : o;
}
