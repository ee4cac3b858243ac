import { z } from 'zod';
import { inseeCode, latitude, longitude, requiredText } from '../common';

/** A commune of a territory, with its INSEE code and the coordinates of its centre. */
export const communeFields = z.object({
  code: inseeCode,
  name: requiredText(120),
  postcodes: z.array(z.string().regex(/^\d{5}$/)).max(20),
  population: z.number().int().nonnegative().optional(),
  lat: latitude,
  lon: longitude,
});
