import { z } from 'zod';
import { isoDate, text, uuid } from '../common';

/** CAF individual parenting support: 1 to 5 one-hour sessions per family and per year. */
export const SUPPORT_SESSIONS_PER_YEAR = 5;

/** Services a family is commonly pointed to; the same keys as the logbook's orientations. */
export const supportOrientations = ['pmi', 'caf', 'france_services', 'france_travail', 'ccas', 'eaje', 'assistant_maternel', 'laep'] as const;

/**
 * One individual parenting-support session and its confidential note. The server sends it only
 * to its author and to the family's referent, and refuses a write by anyone else (docs/rgpd.md).
 */
export const supportNoteFields = z.object({
  familyId: uuid,
  authorId: uuid,
  /** Calendar date of the session. */
  date: isoDate,
  durationMinutes: z.number().int().min(5).max(240),
  note: text(10000),
  /** Services the family was pointed to: keys of supportOrientations, or the words typed. */
  orientations: z.array(text(200)).max(20).optional(),
});
