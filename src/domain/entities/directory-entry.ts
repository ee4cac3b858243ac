import { z } from 'zod';
import { email, localTime, weekdays, inseeCode, isoDate, latitude, longitude, phone, requiredText, text } from '../common';

export const directoryKinds = [
  'eaje',
  'micro_creche',
  'creche_familiale',
  'mam',
  'assistant_maternel',
  'garde_domicile',
  'rpe',
  'laep',
  'pmi',
  'france_services',
  'accueil_loisirs',
  'ludotheque',
] as const;
export type DirectoryKind = (typeof directoryKinds)[number];

/** A childcare provider or a service a family can be oriented to. */
export const directoryEntryFields = z.object({
  kind: z.enum(directoryKinds),
  name: requiredText(160),
  communeCode: inseeCode,
  address: text(240).optional(),
  phone: phone.optional(),
  email: email.optional(),
  lat: latitude.optional(),
  lon: longitude.optional(),
  /** Places free now or from `availableFrom`; used to match families with childcare. */
  placesAvailable: z.number().int().min(0).max(500).optional(),
  availableFrom: isoDate.optional(),
  ageMinMonths: z.number().int().min(0).max(216).optional(),
  ageMaxMonths: z.number().int().min(0).max(216).optional(),
  atypicalHours: z.boolean().optional(),
  disabilityWelcome: z.boolean().optional(),
  languages: z.array(z.string().min(2).max(12)).max(20).optional(),
  /** Days a childcare provider takes children, for matching a family's need. */
  openDays: z.array(z.enum(weekdays)).max(7).optional(),
  /** Usual opening hours, local wall time "HH:MM". */
  opensAt: localTime.optional(),
  closesAt: localTime.optional(),
  notes: text(2000).optional(),
});
