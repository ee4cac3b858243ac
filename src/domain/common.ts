import { z } from 'zod';

/** An instant, stored as an ISO 8601 string in UTC or with an offset. */
export const isoInstant = z.iso.datetime({ offset: true });

/** A calendar date (YYYY-MM-DD), e.g. a child's birth date: no time zone applies. */
export const isoDate = z.iso.date({ error: 'date attendue au format AAAA-MM-JJ' });

/** IANA time zone of a site; every time is an instant plus the zone it happens in. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'fuseau horaire IANA attendu')
  // The shape alone lets "Mars/Olympus" through, and Intl throws on it wherever a time is shown.
  .refine(isKnownTimeZone, 'fuseau horaire IANA inconnu');

// Building a formatter costs about a millisecond: a schedule validates the same few zones often.
const knownZones = new Map<string, boolean>();

function isKnownTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('fr', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

export const uuid = z.uuid();

/** Days of the week, Monday first as in France. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** A wall-clock time of day "HH:MM" (24 h), read in the zone of the place it applies to. */
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure attendue au format HH:MM');

/** Free text typed by a person: trimmed length bound so a hostile body cannot bloat storage. */
export const text = (max = 200) => z.string().max(max);
export const requiredText = (max = 200) => z.string().trim().min(1).max(max);

/** French or international phone number, kept as typed but restricted to phone characters. */
export const phone = z
  .string()
  .trim()
  .max(32)
  // At least 6 digits, separators between them: "------" is not a number anyone can call.
  .regex(/^\+?(?:[ .()-]*[0-9]){6,}[ .()-]*$/, 'numéro de téléphone invalide');

export const email = z.email().max(254);

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);

/** INSEE commune code: 5 characters, Corsica uses 2A/2B. */
export const inseeCode = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'code INSEE invalide');

export const roles = ['parent', 'animator', 'bus_team', 'coordinator', 'admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/**
 * Fields every synced record carries. `version` is assigned by the server (0 = never synced),
 * `territoryId` is the scope used to decide who may read and write the record.
 */
export const envelope = z.object({
  id: uuid,
  version: z.number().int().nonnegative(),
  updatedAt: isoInstant,
  deleted: z.boolean(),
  territoryId: uuid,
});
export type Envelope = z.infer<typeof envelope>;

/** Names of the envelope fields: they are managed by the sync layer, never edited as data. */
export const envelopeKeys = ['id', 'version', 'updatedAt', 'deleted', 'territoryId'] as const;
