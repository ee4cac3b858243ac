import { useEffect } from 'preact/hooks';
import { useServices } from '../services';

/** How often the queue is tried while the app is open (also on each return of the network). */
const EVERY_MS = 60_000;

/** Sends the device's audit queue now, when the network comes back, and every minute. */
export function useAuditSender(): void {
  const { db, api } = useServices();
  useEffect(() => {
    let running = false;
    const send = () => {
      if (running || !navigator.onLine) return;
      running = true;
      // The queue's code is fetched after the first screen is drawn.
      void import('./queue')
        .then(({ sendAuditQueue }) => sendAuditQueue(db, api))
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    };
    send();
    const timer = setInterval(send, EVERY_MS);
    window.addEventListener('online', send);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', send);
    };
  }, [db, api]);
}
