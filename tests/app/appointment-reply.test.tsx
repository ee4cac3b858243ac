// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AppointmentReply } from '../../src/app/intake/AppointmentReply';
import { toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const ZONE = 'Indian/Reunion';
const site = { id: crypto.randomUUID(), ...env, name: 'Maison des familles', kind: 'france_services' as const, communeCode: '97421', timeZone: ZONE };
const request = {
  id: crypto.randomUUID(),
  ...env,
  phone: '06 98 76 54 32',
  communeCode: '97421',
  needs: ['childcare' as const],
  status: 'received' as const,
  receiptCode: 'AB12CD34',
  consent: { textVersion: '2026-01', givenAt: '2026-05-01T10:00:00.000Z' },
};
const asked = {
  id: crypto.randomUUID(),
  ...env,
  kind: 'permanence' as const,
  status: 'requested' as const,
  start: toInstant('2026-06-02', '09:00', ZONE),
  end: toInstant('2026-06-02', '10:00', ZONE),
  timeZone: ZONE,
  siteId: site.id,
  intakeRequestId: request.id,
};

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('answering a family’s appointment', () => {
  it('starts from the hour asked, refuses an empty date in French without writing, then confirms the hour typed', async () => {
    const { db } = renderWithServices(<AppointmentReply request={request} appointments={[asked]} sites={[site]} />);
    await db.records('site').put(site);
    await db.records('intakeRequest').put(request);
    await db.records('appointment').put(asked);
    expect(input('Date')).toMatchObject({ id: `reply-${request.id}-date`, value: '2026-06-02' });
    expect(input('Heure')).toMatchObject({ id: `reply-${request.id}-time`, value: '09:00' });

    fireEvent.input(input('Date'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer à cette heure' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choisissez un lieu, une date et une heure.');
    expect(await db.outbox.count()).toBe(0);

    fireEvent.input(input('Date'), { target: { value: '2026-06-03' } });
    fireEvent.input(input('Heure'), { target: { value: '10:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer à cette heure' }));
    await screen.findByText(/Rendez-vous confirmé/);
    expect(await db.records('appointment').get(asked.id)).toMatchObject({
      status: 'confirmed',
      start: toInstant('2026-06-03', '10:30', ZONE),
      end: toInstant('2026-06-03', '11:30', ZONE),
      staffId: session.user.id,
    });
  });
});
