import { z } from 'zod';
import { isoInstant, text, uuid } from '../common';

/**
 * « Note globale » on four faces, from 1 (pas content du tout) to 4 (très content). An even scale
 * has no neutral middle; the top two faces (3 and 4) count as satisfied.
 */
export const SURVEY_SCALE_MAX = 4;
export const SATISFIED_FROM = 3;

/**
 * A satisfaction survey answer after a session (or an event outside the schedule). Created once
 * and never edited. The first two questions may be skipped; the faces are the survey.
 */
export const surveyResponseFields = z.object({
  sessionId: uuid.optional(),
  /** Name of an event that is not a scheduled session, e.g. « Fête du jeu 2025 ». */
  eventName: text(160).optional(),
  /** « Avez-vous trouvé ce que vous cherchiez ? » */
  found: z.enum(['yes', 'partly', 'no']).optional(),
  /** « Reviendriez-vous ? » */
  wouldReturn: z.enum(['yes', 'maybe', 'no']).optional(),
  /** « Note globale » */
  overall: z.number().int().min(1).max(SURVEY_SCALE_MAX),
  answeredAt: isoInstant,
  channel: z.enum(['parent_phone', 'tablet']),
  comment: text(500).optional(),
});
