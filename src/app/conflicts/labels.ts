import { t, type MessageKey } from '../i18n';
import { fr } from '../i18n/fr';

const fieldKeys: Record<string, MessageKey> = {
  name: 'directory.field.name',
  kind: 'directory.field.kind',
  communeCode: 'directory.field.commune',
  address: 'directory.field.address',
  phone: 'directory.field.phone',
  email: 'directory.field.email',
  placesAvailable: 'directory.field.places',
  availableFrom: 'directory.field.availableFrom',
  notes: 'directory.field.notes',
  ageMinMonths: 'directory.field.ageMin',
  ageMaxMonths: 'directory.field.ageMax',
  opensAt: 'directory.field.opensAt',
  closesAt: 'directory.field.closesAt',
  openDays: 'directory.field.openDays',
  languages: 'directory.field.languages',
  atypicalHours: 'directory.atypicalHours',
  disabilityWelcome: 'directory.disabilityWelcome',
  status: 'intake.status',
  needs: 'intake.field.needs',
  message: 'intake.field.message',
  deleted: 'field.deleted',
};

/** The name a person knows a field by ("Téléphone", not "phone"). */
export function fieldLabel(field: string): string {
  const key = fieldKeys[field];
  return key ? t(key) : field;
}

const entityKeys: Record<string, MessageKey> = {
  directoryEntry: 'entityTitle.directoryEntry',
  intakeRequest: 'entityTitle.intakeRequest',
  family: 'entityTitle.family',
  appointment: 'entityTitle.appointment',
  scheduledSession: 'entityTitle.scheduledSession',
};

export function entityTitle(entity: string): string {
  return t(entityKeys[entity] ?? 'entityTitle.other');
}

function enumLabel(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return Object.hasOwn(fr, key) ? t(key as MessageKey) : value;
}

/** A stored value in words: enum codes translated, lists joined, empty shown as a dash. */
export function valueLabel(field: string, value: unknown): string {
  if (field === 'deleted') return value === true ? t('conflicts.deletedValue') : t('conflicts.restoredValue');
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'kind' && typeof value === 'string') return enumLabel('kind', value);
  if (field === 'status' && typeof value === 'string') return enumLabel('status', value);
  if (field === 'needs' && Array.isArray(value)) return value.map((v) => enumLabel('need', String(v))).join(', ');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
