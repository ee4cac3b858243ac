import { z } from 'zod';
import { isoInstant, localTime, uuid } from '../../domain/common';
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';

/** An unplanned visit added to the day: a place from the sites or the directory, for a while. */
export const adHocVisit = z.object({
  id: uuid,
  label: z.string().max(160),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  minutes: z.number().int().min(5).max(600),
  after: localTime.optional(),
  before: localTime.optional(),
});
export type AdHocVisit = z.infer<typeof adHocVisit>;

/**
 * The person's own choices for one day's tour: where they leave from and when, stops pinned in
 * place, visits added. Kept on this device only: it is their planning, not shared data.
 */
export const tourChoices = z.object({
  depotSiteId: uuid.optional(),
  departTime: localTime,
  pins: z.record(z.string(), z.number().int().min(0).max(100)),
  visits: z.array(adHocVisit).max(40),
  savedAt: isoInstant.optional(),
});
export type TourChoices = z.infer<typeof tourChoices>;

export const defaultChoices: TourChoices = { departTime: '08:00', pins: {}, visits: [] };

const key = (territoryId: string, date: string) => `tour:${territoryId}:${date}`;

export async function loadChoices(db: TourneeDB, territoryId: string, date: string): Promise<TourChoices> {
  const parsed = tourChoices.safeParse(await getMeta(db, key(territoryId, date)));
  return parsed.success ? parsed.data : defaultChoices;
}

export async function saveChoices(db: TourneeDB, territoryId: string, date: string, choices: TourChoices): Promise<void> {
  await setMeta(db, key(territoryId, date), { ...choices, savedAt: new Date().toISOString() });
}
