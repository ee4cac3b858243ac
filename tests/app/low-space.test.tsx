// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LowSpaceWarning } from '../../src/app/ui/LowSpaceWarning';
import { renderWithServices } from './render';

const MiB = 1024 * 1024;

function fakeStorage(usage: number, quota: number) {
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: { estimate: async () => ({ usage, quota }), persisted: async () => false },
  });
}

afterEach(cleanup);

describe('low space warning', () => {
  it('warns on every screen when little space is left, in French, with the free space', async () => {
    fakeStorage(950 * MiB, 1000 * MiB);
    renderWithServices(<LowSpaceWarning />);
    expect((await screen.findByTestId('low-space')).textContent).toMatch(/Il reste peu de place sur l’appareil \(50 Mo\)/);
  });

  it('says nothing when there is room', async () => {
    fakeStorage(10 * MiB, 4000 * MiB);
    renderWithServices(<LowSpaceWarning />);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('low-space')).toBeNull();
  });
});
