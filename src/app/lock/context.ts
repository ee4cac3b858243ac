import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppLock } from './app-lock';

/** The app lock, for the screens that lock on demand; absent when a screen is shown alone (tests). */
export const LockContext = createContext<AppLock | null>(null);

export function useAppLock(): AppLock | null {
  return useContext(LockContext);
}
