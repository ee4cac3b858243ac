import { z } from 'zod';
import { requiredText, timeZone } from '../common';

/** A territory is the unit of scope: staff see the territories they are assigned to. */
export const territoryFields = z.object({
  name: requiredText(120),
  /** Zone used when a site does not say otherwise (Europe/Paris, Indian/Reunion…). */
  timeZone,
  epciCode: z.string().max(12).optional(),
  departement: z.string().max(3).optional(),
});
