/**
 * Which side column is open as a drawer on narrower screens (outline below
 * 1280 px, the panels below 900 px). Escape closes it and puts focus back where
 * it was; on a wide screen both columns are always shown and this is unused.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { focusBack } from '../../app/focus-back';

export type Drawer = 'outline' | 'panels';

export function useDrawer(): [Drawer | null, (drawer: Drawer | null) => void] {
  const [drawer, setDrawerState] = useState<Drawer | null>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  const setDrawer = useCallback((next: Drawer | null) => {
    if (next && document.activeElement instanceof HTMLElement) returnTo.current = document.activeElement;
    setDrawerState(next);
  }, []);

  useEffect(() => {
    if (!drawer) return;
    const el = document.getElementById(`drawer-${drawer}`);
    // Into the drawer, so keyboard users land in what they opened.
    el?.querySelector<HTMLElement>('button, a[href], input, textarea, select, [tabindex]:not([tabindex="-1"])')?.focus({
      preventScroll: true,
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // A popover or dialog inside the drawer closes first.
      if (document.querySelector('[data-testid="block-popover"]')) return;
      setDrawerState(null);
      if (returnTo.current) focusBack(returnTo.current);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [drawer]);

  return [drawer, setDrawer];
}
