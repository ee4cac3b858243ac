import { z } from 'zod';
import { isoInstant, text, uuid } from '../common';

/**
 * What a contact asked about, as the logbook offers it in one tap. The field stays free text
 * (older logs and other tools write their own words); `social` is the social side the
 * indicators count (docs/indicators.md), so any `social/…` sub-type counts too.
 */
export const questionTypes = ['mode_accueil', 'contrat', 'parentalite', 'social', 'metier', 'autre'] as const;
export type QuestionType = (typeof questionTypes)[number];

/**
 * Where a contact was sent. Stored as one of these keys, or as the words typed for another
 * place; no orientation leaves the field out.
 */
export const orientations = ['pmi', 'caf', 'france_services', 'france_travail', 'ccas', 'eaje', 'assistant_maternel', 'laep', 'autre'] as const;
export type Orientation = (typeof orientations)[number];

export const contactSchema = z.object({
  personKind: z.enum(['family', 'assistant_maternel', 'garde_domicile', 'other']),
  /** A family file for a family; a directory entry for an assistant maternel or a garde à domicile. */
  personId: uuid.optional(),
  questionType: text(80).optional(),
  orientation: text(200).optional(),
});

/** What happened at a session. Append-only: a correction is a new log, so logs never conflict. */
export const sessionLogFields = z.object({
  sessionId: uuid,
  authorId: uuid,
  loggedAt: isoInstant,
  contacts: z.array(contactSchema).max(200),
  childrenCount: z.number().int().min(0).max(500).optional(),
  theme: text(200).optional(),
  notes: text(5000).optional(),
});
