import { useEffect, useRef } from 'preact/hooks';
import { weekdays } from '../../domain/common';
import { addDays, daysBetween, startOfWeek, weekdayOf } from '../../domain/scheduling/zoned-time';
import { t } from '../i18n';
import { clock, monthLabel } from './format';
import type { AgendaItem } from './planning-items';

/** "décembre, mercredi": what the visible day number leaves out. */
function dayRest(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const when = new Date(Date.UTC(y!, m! - 1, d!));
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { ...o, timeZone: 'UTC' }).format(when);
  return `${f({ month: 'long' })} (${f({ weekday: 'long' })})`;
}

/** Monday of the first week shown for the month of `date`, and the number of weeks (4 to 6). */
export function monthGrid(date: string): { first: string; weeks: number } {
  const start = `${date.slice(0, 8)}01`;
  const [y, m] = date.split('-').map(Number);
  const last = addDays(`${m === 12 ? y! + 1 : y}-${String(m === 12 ? 1 : m! + 1).padStart(2, '0')}-01`, -1);
  const first = startOfWeek(start);
  return { first, weeks: daysBetween(first, startOfWeek(last)) / 7 + 1 };
}

/**
 * The month as a table: one row per week, one column per weekday, each day with its count and
 * the first items. Only the selected day is in the tab order; arrow keys move by day and week,
 * Home and End to the week's ends, Page Up and Page Down by month; Enter or a tap opens the day.
 */
export function MonthView({ selected, today, byDay, label, onSelect, onOpen }: { selected: string; today: string; byDay: ReadonlyMap<string, AgendaItem[]>; label: (item: AgendaItem) => string; onSelect: (date: string) => void; onOpen: (date: string) => void }) {
  const { first, weeks } = monthGrid(selected);
  const month = selected.slice(0, 7);
  const table = useRef<HTMLTableElement>(null);
  const moved = useRef(false);

  // Keyboard moves keep the focus on the day they select, even in the next month's grid.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    table.current?.querySelector<HTMLButtonElement>(`[data-date="${selected}"]`)?.focus();
  }, [selected]);

  function onKey(e: KeyboardEvent, date: string) {
    const [y, m, d] = date.split('-').map(Number);
    const shiftMonth = (n: number) => {
      const total = y! * 12 + (m! - 1) + n;
      const ny = Math.floor(total / 12);
      const nm = (total % 12) + 1;
      const dim = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
      return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d!, dim)).padStart(2, '0')}`;
    };
    const index = weekdays.indexOf(weekdayOf(date));
    const next: Record<string, () => string> = {
      ArrowLeft: () => addDays(date, -1),
      ArrowRight: () => addDays(date, 1),
      ArrowUp: () => addDays(date, -7),
      ArrowDown: () => addDays(date, 7),
      Home: () => addDays(date, -index),
      End: () => addDays(date, 6 - index),
      PageUp: () => shiftMonth(-1),
      PageDown: () => shiftMonth(1),
    };
    const go = next[e.key];
    if (!go) return;
    e.preventDefault();
    const target = go();
    // Focus at once when the day is on screen (keys pressed quickly follow it), and again once
    // drawn as the tab stop, which also covers a day in another month.
    table.current?.querySelector<HTMLButtonElement>(`[data-date="${target}"]`)?.focus();
    moved.current = true;
    onSelect(target);
  }

  return (
    <table class="month" ref={table} data-testid="month">
      <caption>{t('schedule.month.caption', { month: monthLabel(selected) })}</caption>
      <thead>
        <tr>
          {weekdays.map((d) => (
            <th key={d} scope="col">
              <abbr title={t(`day.${d}`)}>{t(`day.${d}`).slice(0, 3)}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: weeks }, (_, w) => (
          <tr key={w}>
            {weekdays.map((_, i) => {
              const date = addDays(first, w * 7 + i);
              const list = byDay.get(date) ?? [];
              const live = list.filter((x) => !x.cancelled);
              const outside = date.slice(0, 7) !== month;
              return (
                <td key={date} class={`month__day${outside ? ' month__day--outside' : ''}${date === selected ? ' month__day--selected' : ''}`}>
                  <button
                    type="button"
                    class="month__button"
                    data-date={date}
                    tabIndex={date === selected ? 0 : -1}
                    aria-current={date === today ? 'date' : undefined}
                    onClick={() => onOpen(date)}
                    onKeyDown={(e) => onKey(e, date)}
                  >
                    {/* The visible number starts the name, as speech input users say it. */}
                    <span class="month__number">{Number(date.slice(8))}</span>
                    <span class="sr-only"> {t('schedule.month.dayRest', { day: dayRest(date), count: live.length })}</span>
                  </button>
                  {live.length ? (
                    <span class="month__count" aria-hidden="true">
                      {live.length}
                    </span>
                  ) : null}
                  {list.length ? (
                    <ul class="month__items">
                      {list.slice(0, 3).map((item) => (
                        <li key={item.key} class={item.cancelled ? 'month__item month__item--cancelled' : 'month__item'}>
                          {clock(item.start, item.timeZone)} {label(item)}
                        </li>
                      ))}
                      {list.length > 3 ? <li class="month__item">{t('schedule.month.more', { count: list.length - 3 })}</li> : null}
                    </ul>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
