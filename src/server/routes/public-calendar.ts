/**
 * A territory's coming sessions as an iCalendar feed a parent's calendar subscribes to
 * (`webcal://…/api/public/territories/<id>/calendar.ics?commune=42224`). Public data only: the
 * same sessions, sites and series as the public copy, so nothing personal is in it.
 */
import { Hono } from 'hono';
import { fr } from '../../app/i18n/fr';
import { inseeCode, uuid } from '../../domain/common';
import { PUBLIC_SCHEDULE_DAYS } from '../../domain/public/snapshot';
import { toICalendar } from '../../domain/scheduling/ics';
import { sessionsBetween } from '../../domain/scheduling/occurrences';
import { sessionEvents } from '../../domain/scheduling/session-calendar';
import type { AppEnv } from '../app';
import { apiError } from '../errors';
import { publicSnapshot } from '../public/snapshot';
import type { Store } from '../storage/store';

export function publicCalendarRoutes(deps: { store: Store; now: () => Date }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:id/calendar.ics', async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return apiError(c, 400, 'invalid', 'Identifiant de territoire invalide.');
    const communeParam = c.req.query('commune');
    const commune = communeParam === undefined ? undefined : inseeCode.safeParse(communeParam);
    if (commune && !commune.success) return apiError(c, 400, 'invalid', 'Code de commune invalide (code INSEE à 5 caractères).');
    const now = deps.now();
    const snapshot = await deps.store.withTransaction((tx) => publicSnapshot(tx, id.data, now));
    if (!snapshot) return apiError(c, 404, 'not_found', 'Territoire inconnu.');
    const sites = new Map(snapshot.sites.map((s) => [s.id, s]));
    const from = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const to = new Date(now.getTime() + PUBLIC_SCHEDULE_DAYS * 86_400_000).toISOString();
    const sessions = sessionsBetween(snapshot.scheduleSeries, snapshot.scheduledSessions, from, to).filter(
      (s) => !commune?.data || sites.get(s.siteId)?.communeCode === commune.data,
    );
    const place = commune?.data ? snapshot.communes.find((x) => x.code === commune.data)?.name : undefined;
    const body = toICalendar(
      sessionEvents(sessions, sites, (kind) => fr[`sessionKind.${kind}`]),
      { calendarName: `Tournée — ${place ?? snapshot.territory.name}`, now },
    );
    // Calendars poll the feed; an hour of cache spares the server without hiding a change for long.
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
  });
  return app;
}
