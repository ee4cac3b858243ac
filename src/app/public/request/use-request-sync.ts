import { useEffect } from 'preact/hooks';
import { databaseMayExist } from '../../db/exists';
import { useServices } from '../../services';

const RETRY_MS = 30_000;
const REFRESH_MS = 5 * 60_000;
/** Fired by the form after it queued a request, so it is sent at once when a network is there. */
export const REQUEST_QUEUED = 'tournee:request-queued';

/**
 * Sends a parent's queued requests and reads their status while the app is open: at start, when
 * the phone says it is back online, when a request is queued, and on a timer — a page reloaded
 * offline may never get the `online` event, so the timer is the rule, the event a shortcut.
 */
export function useRequestSync(): void {
  const { publicDb, api } = useServices();
  useEffect(() => {
    let running = false;
    let lastRefresh = 0;
    async function round() {
      if (running) return;
      running = true;
      try {
        // Nothing was ever queued on a phone without the database: do not create it for nothing.
        if (!(await databaseMayExist(publicDb.name))) return;
        // Loaded after the first screen: the schemas and the sender are not needed to draw it.
        const { refreshStatuses, sendPending } = await import('./send');
        await sendPending(publicDb, api);
        // Statuses are read while someone looks at the app; a hidden tab waits for longer.
        if (document.visibilityState === 'visible' || Date.now() - lastRefresh > REFRESH_MS) {
          await refreshStatuses(publicDb, api);
          lastRefresh = Date.now();
        }
      } catch (err) {
        console.error('requests not sent', err);
      } finally {
        running = false;
      }
    }
    const now = () => void round();
    void round();
    const timer = setInterval(now, RETRY_MS);
    window.addEventListener('online', now);
    window.addEventListener(REQUEST_QUEUED, now);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', now);
      window.removeEventListener(REQUEST_QUEUED, now);
    };
  }, [publicDb, api]);
}
