/**
 * After a redeploy, a tab opened before it still runs the old build, whose
 * lazily loaded chunks (editor, export …) the server no longer has: opening
 * such a page fails to load its code (Vite's `vite:preloadError`). Reloading
 * fetches the new build, so the first such failure reloads the page; if the
 * chunk still fails within a minute (the server is down, the file is missing),
 * the error is left to reach the error boundary, which says so and offers Reload,
 * rather than reloading in a loop. Edits are kept across the reload (ErrorBoundary.tsx).
 */
const LAST_RELOAD_KEY = 'concord:stale-chunk-reload';
const RETRY_AFTER_MS = 60_000;

export function reloadOnStaleChunks(): void {
  window.addEventListener('vite:preloadError', () => {
    try {
      const last = Number(sessionStorage.getItem(LAST_RELOAD_KEY) ?? 0);
      if (Date.now() - last < RETRY_AFTER_MS) return;
      sessionStorage.setItem(LAST_RELOAD_KEY, String(Date.now()));
    } catch {
      return; // no session storage: no way to reload only once
    }
    location.reload();
  });
}
