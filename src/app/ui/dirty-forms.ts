import { useEffect } from 'preact/hooks';

/** Forms with unsaved typing. An update never reloads the page while one is open. */
const dirty = new Set<symbol>();
const listeners = new Set<() => void>();

export function hasDirtyForm(): boolean {
  return dirty.size > 0;
}

export function onDirtyChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Marks the calling form dirty while `isDirty` is true, and warns before the tab is closed. */
export function useDirtyForm(isDirty: boolean): void {
  useEffect(() => {
    if (!isDirty) return;
    const token = Symbol('form');
    dirty.add(token);
    listeners.forEach((fn) => fn());
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      dirty.delete(token);
      listeners.forEach((fn) => fn());
      window.removeEventListener('beforeunload', warn);
    };
  }, [isDirty]);
}
