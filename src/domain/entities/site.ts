import { z } from 'zod';
import { inseeCode, latitude, longitude, requiredText, text, timeZone } from '../common';

export const siteKinds = [
  'france_services',
  'salle_communale',
  'mairie',
  'bus_stop',
  'relais_office',
  'autre',
] as const;

/** A place where the relais or the bus holds sessions: a France Services house, a hall… */
export const siteFields = z.object({
  name: requiredText(160),
  kind: z.enum(siteKinds),
  communeCode: inseeCode,
  address: text(240).optional(),
  lat: latitude.optional(),
  lon: longitude.optional(),
  timeZone,
  notes: text(2000).optional(),
});
