// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DirectoryForm } from '../../src/app/directory/DirectoryForm';
import { createRecord } from '../../src/app/db/repository';
import { UpdateBanner } from '../../src/app/ui/UpdateBanner';
import { TERRITORY, renderWithServices } from './render';

const applyUpdate = vi.fn();
vi.mock('../../src/app/pwa/sw-bridge', () => ({
  // A new version is waiting, as after the service worker's `waiting` event.
  subscribePwa: (fn: (s: { offlineReady: boolean; updateWaiting: boolean }) => void) => {
    fn({ offlineReady: false, updateWaiting: true });
    return () => undefined;
  },
  applyUpdate: () => applyUpdate(),
}));

afterEach(() => {
  cleanup();
  applyUpdate.mockReset();
});

function BannerAndForm() {
  const [open, setOpen] = useState(true);
  return (
    <>
      <UpdateBanner />
      {open ? <DirectoryForm communes={[]} onDone={() => setOpen(false)} /> : null}
    </>
  );
}

const reload = () => screen.getByRole('button', { name: 'Recharger' }) as HTMLButtonElement;

describe('update banner', () => {
  it('offers the new version and reloads on the person’s click when nothing is pending', async () => {
    renderWithServices(<UpdateBanner />);
    await screen.findByText('Nouvelle version disponible.');
    await waitFor(() => expect(reload().disabled).toBe(false));
    fireEvent.click(reload());
    expect(applyUpdate).toHaveBeenCalledTimes(1);
  });

  it('refuses to reload while a form is being typed, and allows it once the form is closed', async () => {
    renderWithServices(<BannerAndForm />);
    fireEvent.input(screen.getByRole('textbox', { name: /^Nom/ }), { target: { value: 'Assistante en cours de saisie' } });
    await screen.findByText('Terminez ou annulez le formulaire en cours pour recharger.');
    expect(reload().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(reload().disabled).toBe(false));
  });

  it('refuses to reload while changes are unsent', async () => {
    const { db } = renderWithServices(<UpdateBanner />);
    await createRecord(db, 'directoryEntry', TERRITORY, { kind: 'mam', name: 'MAM', communeCode: '42224' });
    await screen.findByText('Elle sera proposée une fois vos modifications envoyées.');
    expect(reload().disabled).toBe(true);
  });
});
