import { useEffect } from 'react';

/**
 * Asks the browser to warn before the tab closes while `unsaved()` says so.
 * A function, read when the tab closes, rather than a flag: the unsaved count
 * flips at every keystroke, and re-rendering the page for it would cost a
 * React commit per keystroke.
 */
export function useBeforeUnload(enabled: boolean, unsaved: () => boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const handler = (event: BeforeUnloadEvent) => {
      if (!unsaved()) return;
      event.preventDefault(); // the standard way to ask; every current browser honours it
    };
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, [enabled, unsaved]);
}
