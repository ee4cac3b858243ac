// @vitest-environment happy-dom
/**
 * useSaveMessage, as a form meets it: a save that goes through says so politely; one that fails
 * says why in French, at once, and leaves what was typed in the form.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecord } from '../../src/app/db/repository';
import { useServices } from '../../src/app/services';
import { SaveMessageLine, useSaveMessage } from '../../src/app/ui/use-save-message';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const SAVED = 'Séance enregistrée sur cet appareil.';

/** A support-note form reduced to two fields, saved through the repository as the app does. */
function NoteForm() {
  const { db } = useServices();
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState('60');
  const { message, run } = useSaveMessage();
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await createRecord(db, 'supportNote', TERRITORY, { familyId: crypto.randomUUID(), authorId: session.user.id, date: '2026-03-02', durationMinutes: Number(minutes), note });
    }, SAVED);
  };
  return (
    <form onSubmit={save}>
      <label for="note">Note</label>
      <textarea id="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <label for="minutes">Durée</label>
      <input id="minutes" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
      <button type="submit">Enregistrer</button>
      <SaveMessageLine message={message} />
    </form>
  );
}

/** A sign-in-like form: the action may refuse in words, and the last message goes while it runs. */
function PinForm({ attempt }: { attempt: () => Promise<string | undefined> }) {
  const { message, busy, run } = useSaveMessage({ describe: () => 'Le code n’a pas pu être vérifié.', clearOnStart: true });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(attempt);
      }}
    >
      <button type="submit" disabled={busy}>
        Valider
      </button>
      <SaveMessageLine message={message} />
    </form>
  );
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const submit = (name: string) => fireEvent.submit(screen.getByRole('button', { name }).closest('form')!);

describe('a save and what the form says of it', () => {
  it('says the save went through, as a status, once the record and its outbox entry are on the device', async () => {
    const { db } = renderWithServices(<NoteForm />);
    type('Note', 'Premier échange, très positif.');
    submit('Enregistrer');
    expect((await screen.findByRole('status')).textContent).toBe(SAVED);
    expect(screen.queryByRole('alert')).toBeNull();
    const [saved] = await db.records('supportNote').toArray();
    expect(saved?.note).toBe('Premier échange, très positif.');
    expect(await db.outbox.count()).toBe(1);
  });

  it('a save the repository refuses says why in French, keeps the typed text and writes nothing; the next good save replaces the error', async () => {
    const { db } = renderWithServices(<NoteForm />);
    type('Note', 'Appel de la maman, à rappeler.');
    type('Durée', '1');
    submit('Enregistrer');
    expect((await screen.findByRole('alert')).textContent).toBe('Vérifiez les champs signalés.');
    expect(screen.queryByRole('status')).toBeNull();
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Appel de la maman, à rappeler.');
    expect((screen.getByLabelText('Durée') as HTMLInputElement).value).toBe('1');
    expect(await db.records('supportNote').count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);

    type('Durée', '45');
    submit('Enregistrer');
    expect((await screen.findByRole('status')).textContent).toBe(SAVED);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await db.records('supportNote').count()).toBe(1);
  });

  it('a refusal returned by the action is an error; while the next attempt runs the button waits and the old error is gone', async () => {
    let answer: (refusal: string | undefined) => void = () => {};
    const attempts: string[] = [];
    renderWithServices(
      <PinForm
        attempt={() => {
          attempts.push('try');
          return attempts.length === 1 ? Promise.resolve('Code PIN incorrect.') : new Promise((resolve) => (answer = resolve));
        }}
      />,
    );
    submit('Valider');
    expect((await screen.findByRole('alert')).textContent).toBe('Code PIN incorrect.');

    submit('Valider');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Valider' }) as HTMLButtonElement).disabled).toBe(true));
    expect(screen.queryByRole('alert')).toBeNull();
    answer(undefined);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Valider' }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    expect(attempts).toHaveLength(2);
  });

  it('an action that throws says what `describe` makes of it', async () => {
    renderWithServices(<PinForm attempt={() => Promise.reject(new Error('clé illisible'))} />);
    submit('Valider');
    expect((await screen.findByRole('alert')).textContent).toBe('Le code n’a pas pu être vérifié.');
  });
});
