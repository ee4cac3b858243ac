import { useEffect, useState } from 'preact/hooks';

/** Screens of the signed-in app. */
export const routes = ['annuaire', 'planning', 'tournee', 'journal', 'bilan', 'demandes', 'familles', 'conflits', 'reglages', 'admin'] as const;
export type Route = (typeof routes)[number];

/** Screens anyone can open without an account (a parent's phone). */
export const publicRoutes = ['trouver', 'passages', 'demande', 'suivi', 'connexion'] as const;
export type PublicRoute = (typeof publicRoutes)[number];

function read<R extends string>(known: readonly R[], fallback: R): R {
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (known as readonly string[]).includes(name) ? (name as R) : fallback;
}

/** Hash routing: works offline from the cached shell and survives reloads. */
export function useRoute<R extends string>(known: readonly R[], fallback: R): R {
  const [route, setRoute] = useState<R>(() => read(known, fallback));
  useEffect(() => {
    const on = () => setRoute(read(known, fallback));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [known, fallback]);
  return route;
}
