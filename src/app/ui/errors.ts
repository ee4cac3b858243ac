import { StorageError, ValidationError, isQuotaError } from '../db/repository';
import { t, type MessageKey } from '../i18n';

/** Field errors keyed by field name, in words for a person. */
export type FieldErrors = Record<string, string>;

const byField: Record<string, MessageKey> = {
  phone: 'validation.phone',
  email: 'validation.email',
  placesAvailable: 'validation.number',
  availableFrom: 'validation.date',
  childBirthDate: 'validation.date',
  childExpectedDate: 'validation.date',
};

/** Turns a failed save into a message for the form; the form keeps what was typed. */
export function describeSaveError(e: unknown): { message: string; fields: FieldErrors } {
  if (e instanceof ValidationError) {
    const fields: FieldErrors = {};
    for (const issue of e.issues) {
      const name = issue.path.split('.')[0] ?? '';
      const missing = issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.message.includes('undefined'));
      fields[name] = t(missing && !byField[name] ? 'validation.required' : (byField[name] ?? 'validation.generic'));
    }
    return { message: t('error.validation'), fields };
  }
  if (e instanceof StorageError || isQuotaError(e)) return { message: t('error.storage'), fields: {} };
  console.error(e);
  return { message: t('error.unexpected'), fields: {} };
}
