import { z } from 'zod';
import { isoInstant, text, uuid } from '../common';

export const contactSchema = z.object({
  personKind: z.enum(['family', 'assistant_maternel', 'garde_domicile', 'other']),
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
