import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../i18n';

export interface Tab<R extends string> {
  route: R;
  label: MessageKey;
}

/** The main tabs: hash links, the current one marked for assistive technologies; `extra` adds a badge. */
export function TabNav<R extends string>({ tabs, current, extra }: { tabs: readonly Tab<R>[]; current: R; extra?: (route: R) => ComponentChildren }) {
  return (
    <nav aria-label={t('nav.label')} class="tabs">
      <ul>
        {tabs.map((n) => (
          <li key={n.route}>
            <a href={`#/${n.route}`} aria-current={current === n.route ? 'page' : undefined}>
              {t(n.label)}
              {extra?.(n.route)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
