/**
 * System notifications, where the browser has them and the person allows them. Through the
 * service worker's registration when there is one (required on Android, and a tap then opens the
 * planning even if the tab was closed since), else the page's own Notification.
 */

export type Permission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser; must run from a tap (browsers ignore requests made without one). */
export async function askPermission(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export const PLANNING_URL = '/#/planning';

export async function showSystemNotification(title: string, body: string, tag: string): Promise<boolean> {
  if (notificationPermission() !== 'granted') return false;
  const options: NotificationOptions = { body, tag, lang: 'fr', icon: '/icons/icon-192.png', data: { url: PLANNING_URL } };
  try {
    const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
    if (registration) {
      await registration.showNotification(title, options);
      return true;
    }
    const n = new Notification(title, options);
    n.onclick = () => {
      window.focus();
      window.location.hash = '#/planning';
      n.close();
    };
    return true;
  } catch {
    // Some browsers only allow notifications from a service worker: the in-app banner remains.
    return false;
  }
}
