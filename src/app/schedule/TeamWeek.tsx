import { toZoned } from '../../domain/scheduling/zoned-time';
import { t } from '../i18n';
import { dayLabel, timeRange } from './format';
import type { AgendaItem } from './planning-items';

export type TeamGrouping = 'staff' | 'site';

export interface TeamRow {
  id: string;
  name: string;
}

/**
 * The week of everyone in the territory on one screen: one row per member of staff (or per place,
 * which shows each bus stop's days), one column per day. The table scrolls sideways on a phone.
 */
export function TeamWeek({ days, rows, grouping, items, label, clashing }: { days: readonly string[]; rows: readonly TeamRow[]; grouping: TeamGrouping; items: readonly AgendaItem[]; label: (item: AgendaItem) => string; clashing: ReadonlySet<string> }) {
  const cells = new Map<string, AgendaItem[]>();
  for (const item of items) {
    const day = toZoned(item.start, item.timeZone).localDate;
    const keys = grouping === 'staff' ? (item.staffIds.length ? item.staffIds : ['']) : [item.siteId ?? ''];
    for (const k of keys) {
      const key = `${k}|${day}`;
      cells.set(key, [...(cells.get(key) ?? []), item]);
    }
  }
  const shownRows = [...rows, ...(days.some((d) => cells.has(`|${d}`)) ? [{ id: '', name: t(grouping === 'staff' ? 'schedule.team.nobody' : 'schedule.team.noPlace') }] : [])];
  return (
    <div class="team-scroll" role="region" aria-labelledby="team-caption" tabIndex={0}>
      <table class="team" data-testid="team">
        <caption id="team-caption">{t(grouping === 'staff' ? 'schedule.team.captionStaff' : 'schedule.team.captionSite')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(grouping === 'staff' ? 'schedule.team.who' : 'schedule.team.where')}</th>
            {days.map((d) => (
              <th key={d} scope="col" class="team__day">
                {dayLabel(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shownRows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              {days.map((d) => {
                const list = cells.get(`${row.id}|${d}`) ?? [];
                return (
                  <td key={d}>
                    {list.length ? (
                      <ul class="team__items">
                        {list.map((item) => (
                          <li key={item.key} class={`team__item${item.cancelled ? ' team__item--cancelled' : ''}${clashing.has(item.key) ? ' team__item--clash' : ''}`}>
                            <span class="team__time">{timeRange(item.start, item.end, item.timeZone)}</span> {label(item)}
                            {item.cancelled ? <span class="sr-only"> {t('schedule.team.cancelled')}</span> : null}
                            {clashing.has(item.key) ? <span class="badge badge--alert">{t('schedule.clash.badge')}</span> : null}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span class="sr-only">{t('schedule.free')}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
