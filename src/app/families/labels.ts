import { supportOrientations } from '../../domain/entities/support-note';
import { t } from '../i18n';

type OrientationKey = (typeof supportOrientations)[number];
const questionKeys = ['mode_accueil', 'contrat', 'parentalite', 'social', 'metier', 'autre'] as const;
type QuestionKey = (typeof questionKeys)[number];

/** An orientation as stored (a key shared with the logbook, or the words typed) in plain words. */
export function orientationLabel(value: string): string {
  return (supportOrientations as readonly string[]).includes(value) ? t(`support.o.${value as OrientationKey}`) : value;
}

/** A contact's question type as stored (a logbook key, or the words typed) in plain words. */
export function questionLabel(value: string): string {
  return (questionKeys as readonly string[]).includes(value) ? t(`family.q.${value as QuestionKey}`) : value;
}
