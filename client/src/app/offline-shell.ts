/**
 * Registers the service worker that keeps the app shell on this device (see
 * public/sw.js), so that reloading while the server is down reopens the editor.
 * Production builds only: in development Vite serves modules that change.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it Concord still works online; only offline reloads are affected.
    });
  });
}
