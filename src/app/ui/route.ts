import { useEffect, useState } from 'preact/hooks';

export const routes = ['annuaire', 'demandes', 'conflits', 'reglages'] as const;
export type Route = (typeof routes)[number];

function current(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (routes as readonly string[]).includes(name) ? (name as Route) : 'annuaire';
}

/** Hash routing: works offline from the cached shell and survives reloads. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const on = () => setRoute(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
