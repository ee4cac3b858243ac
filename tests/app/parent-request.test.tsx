// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TourneeDB } from '../../src/app/db/database';
import { keptRequests, newSecret, parsePrivateLink, privateLink } from '../../src/app/public/request/kept-requests';
import { RequestForm } from '../../src/app/public/request/RequestForm';
import { RequestCard } from '../../src/app/public/request/RequestCard';
import { REQUEST_QUEUED } from '../../src/app/public/request/use-request-sync';
import { nextStep, publicRequestSchema, type PublicRequestStatus } from '../../src/domain/public/request';
import { TERRITORY, renderWithServices } from './render';

afterEach(cleanup);

function type(label: RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

function renderForm(onQueued = vi.fn()) {
  const publicDb = new TourneeDB(`ui-public-${crypto.randomUUID()}`);
  const view = renderWithServices(<RequestForm territoryId={TERRITORY} onQueued={onQueued} />, undefined, publicDb);
  return { ...view, onQueued };
}

describe('a parent’s request form', () => {
  it('keeps a phone number and a date offline as a request to send, with its receipt code and secret', async () => {
    const queued = vi.fn();
    window.addEventListener(REQUEST_QUEUED, queued);
    const { publicDb, onQueued } = renderForm();
    type(/Votre numéro de téléphone/, '06 12 34 56 78');
    type(/Date de naissance de l’enfant/, '2025-09-14');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Trouver un mode de garde' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Je suis d’accord' }));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));

    await waitFor(() => expect(onQueued).toHaveBeenCalledTimes(1));
    const [kept] = await keptRequests(publicDb);
    expect(kept!.pending).toMatchObject({ phone: '06 12 34 56 78', childBirthDate: '2025-09-14', needs: ['childcare'], territoryId: TERRITORY, receiptCode: kept!.receiptCode });
    expect(publicRequestSchema.safeParse(kept!.pending).success).toBe(true);
    expect(kept!.receiptCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(queued).toHaveBeenCalled();
    window.removeEventListener(REQUEST_QUEUED, queued);
  });

  it('says in plain words what is missing and sends nothing', async () => {
    const { publicDb, onQueued } = renderForm();
    type(/Votre numéro de téléphone/, 'appelez-moi');
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    expect(await screen.findByText('Écrivez la date de naissance de l’enfant, ou la date prévue.')).toBeTruthy();
    expect(screen.getByText('Cochez « Je suis d’accord » pour envoyer la demande.')).toBeTruthy();

    type(/Date de naissance de l’enfant/, '2025-09-14');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Je suis d’accord' }));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer ma demande' }));
    expect(await screen.findByText('Écrivez un numéro de téléphone, par exemple 06 12 34 56 78.')).toBeTruthy();
    expect(onQueued).not.toHaveBeenCalled();
    expect(await keptRequests(publicDb)).toEqual([]);
  });

  it('gives back what was typed after the page was closed', async () => {
    const { publicDb } = renderForm();
    type(/Votre numéro de téléphone/, '07 11 22 33 44');
    await waitFor(async () => expect(await publicDb.meta.get('draft:request:new')).toBeDefined(), { timeout: 2000 });
    cleanup();
    renderWithServices(<RequestForm territoryId={TERRITORY} onQueued={vi.fn()} />, undefined, publicDb);
    await waitFor(() => expect((screen.getByLabelText(/Votre numéro de téléphone/) as HTMLInputElement).value).toBe('07 11 22 33 44'));
    expect(screen.getByText('Nous avons gardé ce que vous aviez commencé à écrire.')).toBeTruthy();
  });

  it('shows hostile text from the server as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const status: PublicRequestStatus = {
      id: crypto.randomUUID(),
      receiptCode: 'K7PQ2M9X',
      status: 'in_progress',
      receivedAt: '2026-11-30T08:00:00.000Z',
      updatedAt: '2026-11-30T09:00:00.000Z',
      appointments: [{ id: crypto.randomUUID(), kind: 'permanence', status: 'confirmed', start: '2099-01-05T09:00:00.000Z', end: '2099-01-05T10:00:00.000Z', timeZone: 'Europe/Paris', siteName: hostile }],
    };
    const { container } = renderWithServices(
      <RequestCard kept={{ id: status.id, secret: newSecret(), receiptCode: 'K7PQ2M9X', createdAt: status.receivedAt, status }} territoryId={TERRITORY} fresh={false} />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('request-appointment').textContent).toContain(hostile);
    expect(screen.getByTestId('request-next').textContent).toBe('Votre rendez-vous est confirmé. Ajoutez-le à votre agenda pour ne pas l’oublier.');
  });
});

describe('private link and next step', () => {
  it('reads back every link it makes, and nothing else', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (id, bytes) => {
        const secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const link = privateLink('https://tournee.example', { id, secret });
        expect(parsePrivateLink(new URL(link).hash)).toEqual({ id, secret });
      }),
    );
    for (const bad of ['#/suivi', '#/suivi/abc.def', `#/suivi/${crypto.randomUUID()}.short`, `#/suivi/${crypto.randomUUID()}.${newSecret()}<script>`, '#/trouver']) {
      expect(parsePrivateLink(bad)).toBeUndefined();
    }
  });

  it('tells the family what to expect from the request and its appointments', () => {
    const base: PublicRequestStatus = { id: crypto.randomUUID(), receiptCode: 'K7PQ2M9X', status: 'received', receivedAt: '2026-11-30T08:00:00.000Z', updatedAt: '2026-11-30T08:00:00.000Z', appointments: [] };
    const now = new Date('2026-11-30T12:00:00.000Z');
    const appt = (status: PublicRequestStatus['appointments'][number]['status'], end = '2026-12-01T10:00:00.000Z') => ({ id: crypto.randomUUID(), kind: 'permanence' as const, status, start: '2026-12-01T09:00:00.000Z', end, timeZone: 'Europe/Paris' });
    expect(nextStep(base, now)).toBe('received');
    expect(nextStep({ ...base, status: 'in_progress' }, now)).toBe('in_progress');
    expect(nextStep({ ...base, appointments: [appt('requested')] }, now)).toBe('appointment_asked');
    expect(nextStep({ ...base, appointments: [appt('requested'), appt('confirmed')] }, now)).toBe('appointment_set');
    expect(nextStep({ ...base, appointments: [appt('proposed')] }, now)).toBe('appointment_moved');
    // A past or cancelled appointment is no next step.
    expect(nextStep({ ...base, status: 'in_progress', appointments: [appt('confirmed', '2026-11-29T10:00:00.000Z'), appt('cancelled')] }, now)).toBe('in_progress');
    expect(nextStep({ ...base, status: 'done', appointments: [appt('confirmed')] }, now)).toBe('done');
  });
});
