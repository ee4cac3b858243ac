// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IntakeScreen } from '../../src/app/intake/IntakeScreen';
import { renderWithServices } from './render';

afterEach(cleanup);

function type(label: RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('intake form', () => {
  it('a phone number and a birth date are enough: the request is stored offline with a receipt code', async () => {
    const { db } = renderWithServices(<IntakeScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    type(/Téléphone du parent/, '06 12 34 56 78');
    type(/Date de naissance de l’enfant/, '2025-09-14');
    fireEvent.click(screen.getByRole('checkbox', { name: /La famille accepte/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

    const receipt = await screen.findByTestId('intake-receipt');
    const code = /Code de suivi : ([A-Z0-9]+)/.exec(receipt.textContent ?? '')?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    const stored = await db.records('intakeRequest').toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ phone: '06 12 34 56 78', childBirthDate: '2025-09-14', status: 'received', receiptCode: code });
    expect(stored[0]?.consent.textVersion).toBeTruthy();
    expect(await db.outbox.count()).toBe(1);
    expect((await screen.findAllByRole("link", { name: "06 12 34 56 78" }))[0]?.getAttribute("href")).toBe("tel:0612345678");
  });

  it('without a date or consent it explains what is missing in French and keeps what was typed', async () => {
    const { db } = renderWithServices(<IntakeScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    type(/Téléphone du parent/, '06 12 34 56 78');
    type(/Message/, 'Besoin de garde le mercredi');
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Indiquez une date de naissance ou une date prévue.')).toBeTruthy();
    expect(screen.getByText('Le consentement de la famille est nécessaire.')).toBeTruthy();
    expect((screen.getByLabelText(/Téléphone du parent/) as HTMLInputElement).value).toBe('06 12 34 56 78');
    expect((screen.getByLabelText(/Message/) as HTMLTextAreaElement).value).toBe('Besoin de garde le mercredi');
    expect(await db.records('intakeRequest').count()).toBe(0);
  });

  it('when the device refuses the write (full storage) the person is told and the form keeps the data', async () => {
    const { db } = renderWithServices(<IntakeScreen />);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    db.outbox.hook('creating', () => {
      throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    type(/Téléphone du parent/, '06 98 76 54 32');
    type(/Date de naissance de l’enfant/, '2024-02-29');
    fireEvent.click(screen.getByRole('checkbox', { name: /La famille accepte/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/n'a plus de place/));
    expect((screen.getByLabelText(/Téléphone du parent/) as HTMLInputElement).value).toBe('06 98 76 54 32');
    expect(await db.records('intakeRequest').count()).toBe(0);
    spy.mockRestore();
  });
});
