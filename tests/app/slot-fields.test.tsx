// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { SlotFields, type SlotTimes } from '../../src/app/ui/SlotFields';
import { renderWithServices } from './render';

afterEach(cleanup);

/** Holds the value as a form does, and keeps every value sent out. */
function Form({ initial, sent, ...props }: { initial: SlotTimes; sent: SlotTimes[] } & Omit<Parameters<typeof SlotFields>[0], 'value' | 'onChange'>) {
  const [value, setValue] = useState(initial);
  return (
    <form>
      <SlotFields
        {...props}
        value={value}
        onChange={(next) => {
          sent.push(next);
          setValue(next);
        }}
      />
    </form>
  );
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('date and time fields of a slot', () => {
  it('labels a move’s new date and its two times, and sends the whole slot out at each change', () => {
    const sent: SlotTimes[] = [];
    renderWithServices(<Form id="fix-a" initial={{ date: '2026-06-01', start: '09:00', end: '10:00' }} sent={sent} />);
    expect(input('Nouvelle date')).toMatchObject({ id: 'fix-a-date', type: 'date', value: '2026-06-01' });
    expect(input('De')).toMatchObject({ id: 'fix-a-start', type: 'time', value: '09:00' });
    expect(input('À')).toMatchObject({ id: 'fix-a-end', type: 'time', value: '10:00' });

    fireEvent.input(input('Nouvelle date'), { target: { value: '2026-06-03' } });
    fireEvent.input(input('De'), { target: { value: '14:00' } });
    fireEvent.input(input('À'), { target: { value: '15:30' } });
    expect(sent).toEqual([
      { date: '2026-06-03', start: '09:00', end: '10:00' },
      { date: '2026-06-03', start: '14:00', end: '10:00' },
      { date: '2026-06-03', start: '14:00', end: '15:30' },
    ]);
    expect(input('À').value).toBe('15:30');
  });

  it('passes a wrong or emptied entry on as typed, for the form to refuse on submit', () => {
    const sent: SlotTimes[] = [];
    renderWithServices(<Form id="s" initial={{ date: '2026-06-01', start: '09:00', end: '10:00' }} sent={sent} />);
    fireEvent.input(input('À'), { target: { value: '08:00' } });
    fireEvent.input(input('Nouvelle date'), { target: { value: '' } });
    expect(sent.at(-1)).toEqual({ date: '', start: '09:00', end: '08:00' });
  });

  it('an appointment’s slot has a date and one hour, with its own labels and ids, and no end field', () => {
    const sent: SlotTimes[] = [];
    renderWithServices(<Form id="reply-1" initial={{ date: '', start: '09:00' }} sent={sent} suffixes={{ start: 'time' }} labels={{ date: 'Date', start: 'Heure' }} />);
    expect(input('Date').id).toBe('reply-1-date');
    expect(input('Heure').id).toBe('reply-1-time');
    expect(screen.queryByLabelText('À')).toBeNull();
    expect(document.querySelectorAll('input')).toHaveLength(2);
    fireEvent.input(input('Heure'), { target: { value: '10:30' } });
    expect(sent).toEqual([{ date: '', start: '10:30' }]);
  });
});
