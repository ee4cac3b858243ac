import { useEffect, useState } from 'preact/hooks';

/** The part of `#/familles/…` after the screen name: a file id, `doublons`, `conservation` or nothing. */
function read(): string {
  const [, rest = ''] = window.location.hash.replace(/^#\/?/, '').split('/');
  try {
    return decodeURIComponent(rest);
  } catch {
    return '';
  }
}

export function useFamiliesPath(): string {
  const [path, setPath] = useState(read);
  useEffect(() => {
    const on = () => setPath(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return path;
}
