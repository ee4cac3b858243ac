// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { ReminderBanner } from '../../src/app/reminders/ReminderBanner';
import { UpcomingReminders } from '../../src/app/reminders/UpcomingReminders';
import { addDays, toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const REUNION = 'Indian/Reunion';
const SITE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const BOB = '0b5d1d0e-1111-4aaa-8bbb-000000000002';

/**
 * happy-dom has neither notifications nor service workers: a stand-in records what the app asks
 * the browser to show, with the permission the person would give.
 */
const shown: { title: string; options: NotificationOptions | undefined }[] = [];
let answer: NotificationPermission = 'granted';
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission() {
    FakeNotification.permission = answer;
    return Promise.resolve(answer);
  }
}
const registration = { showNotification: (title: string, options?: NotificationOptions) => (shown.push({ title, options }), Promise.resolve()) };

beforeEach(() => {
  shown.length = 0;
  FakeNotification.permission = 'default';
  Object.assign(globalThis, { Notification: FakeNotification });
  Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: { getRegistration: () => Promise.resolve(registration) } });
});
afterEach(() => {
  cleanup();
  localStorage.clear();
  delete (globalThis as { Notification?: unknown }).Notification;
});

/** Réunion: a bus day of mine starting in `minutes`, one tomorrow, and one of Bob's today. */
async function reunion(db: TourneeDB, minutes: number) {
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Est', timeZone: REUNION });
  await db.records('site').put({ id: SITE, ...env, name: 'Baby Bus – Salazie', kind: 'bus_stop', communeCode: '97421', timeZone: REUNION });
  const start = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: REUNION }).format(start);
  const base = { kind: 'bus_day' as const, siteId: SITE, timeZone: REUNION, status: 'planned' as const };
  await db.records('scheduledSession').bulkPut([
    { id: crypto.randomUUID(), ...env, ...base, start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), staffIds: [session.user.id] },
    { id: crypto.randomUUID(), ...env, ...base, start: toInstant(addDays(today, 1), '08:30', REUNION), end: toInstant(addDays(today, 1), '16:00', REUNION), staffIds: [session.user.id] },
    { id: crypto.randomUUID(), ...env, ...base, start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), staffIds: [BOB] },
  ]);
}

describe('reminders', () => {
  it('lists my sessions of today and tomorrow in the place’s days, not a colleague’s', async () => {
    const { db } = renderWithServices(<UpcomingReminders />);
    await reunion(db, 20);
    const tomorrow = await screen.findByTestId('reminders-tomorrow');
    expect(within(tomorrow).getAllByRole('listitem').map((li) => li.textContent)).toContain('Journée Baby Bus à Baby Bus – Salazie, 08:30 – 16:00');
    // Mine in 20 minutes (today in Réunion, or tomorrow a few minutes before midnight there); Bob's is not listed.
    const all = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(all).toHaveLength(2);
  });

  it('asks for the permission from a tap, then shows one system notification through the service worker and the banner', async () => {
    const { db } = renderWithServices(
      <>
        <ReminderBanner />
        <UpcomingReminders />
      </>,
    );
    await reunion(db, 10);
    // In-app, whatever the permission.
    const banner = await screen.findByTestId('reminder-banner');
    expect(banner.textContent).toContain('Journée Baby Bus à Baby Bus – Salazie');
    // Counted as shown on this device, so a reload does not remind again.
    await waitFor(() => expect(JSON.parse(localStorage.getItem('tournee.reminders.shown') ?? '[]')).toHaveLength(1));
    expect(shown).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Recevoir une notification avant chaque séance' }));
    await screen.findByText('Notifications activées sur cet appareil.');
    // Already shown in the banner before notifications were on: not notified again.
    expect(shown).toEqual([]);
    // A new session within the next half hour is.
    const start = new Date(Math.ceil((Date.now() + 15 * 60_000) / 60_000) * 60_000);
    await db.records('scheduledSession').put({ id: crypto.randomUUID(), ...env, kind: 'permanence', siteId: SITE, timeZone: REUNION, status: 'planned', start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), staffIds: [session.user.id] });
    await waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]!.title).toMatch(/^Bientôt : Permanence, \d\d:\d\d – \d\d:\d\d$/);
    expect(shown[0]!.options).toMatchObject({ body: 'Baby Bus – Salazie', data: { url: '/#/planning' } });
    await waitFor(() => expect(within(screen.getByTestId('reminder-banner')).getAllByRole('listitem')).toHaveLength(2));
    expect(shown).toHaveLength(1);

    fireEvent.click(within(screen.getByTestId('reminder-banner')).getAllByRole('button', { name: /^Masquer/ })[0]!);
    await waitFor(() => expect(within(screen.getByTestId('reminder-banner')).getAllByRole('listitem')).toHaveLength(1));
  });

  it('says so when notifications are refused, and keeps the in-app list', async () => {
    answer = 'denied';
    const { db } = renderWithServices(<UpcomingReminders />);
    await reunion(db, 90);
    fireEvent.click(await screen.findByRole('button', { name: 'Recevoir une notification avant chaque séance' }));
    await screen.findByText(/Les notifications sont bloquées pour Tournée/);
    expect((await screen.findByTestId('reminders-tomorrow')).textContent).toContain('Journée Baby Bus');
    answer = 'granted';
  });
});
