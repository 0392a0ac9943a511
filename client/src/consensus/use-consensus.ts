/** React access to a ConsensusStore: snapshots arrive at most every 150 ms, never per keystroke. */
import { useCallback, useSyncExternalStore } from 'react';
import type { ConsensusView, SectionRollup } from '@concord/shared';
import type { ConsensusSnapshot, ConsensusStore } from './consensus-store';

export function useConsensus(store: ConsensusStore): ConsensusSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** For the consensus panel: a new snapshot only when something the panel shows changed. */
export function usePanelConsensus(store: ConsensusStore): ConsensusSnapshot {
  return useSyncExternalStore(store.subscribe, store.getPanelSnapshot);
}

/** Whether I may sign off sections (a commissioner, votes loaded): re-renders only when that changes. */
export function useCanSignOff(store: ConsensusStore): boolean {
  const canSignOff = useCallback(() => {
    const snapshot = store.getSnapshot();
    return snapshot.isCommissioner && snapshot.load === 'ready';
  }, [store]);
  return useSyncExternalStore(store.subscribe, canSignOff);
}

/**
 * One section's counts, for the outline: re-renders only when they change, so
 * a long outline does not redraw every line on every vote.
 */
export function useSectionRollup(store: ConsensusStore | null, headingId: string | null): SectionRollup | null {
  const key = useCallback(() => {
    if (!store || !headingId) return '';
    const section = sectionOf(store.getSnapshot().view, headingId);
    return section ? JSON.stringify([section.agreed, section.in_review, section.disputed, section.unreviewed, section.stale]) : '';
  }, [store, headingId]);
  const subscribe = useCallback((listener: () => void) => (store ? store.subscribe(listener) : () => {}), [store]);
  const counts = useSyncExternalStore(subscribe, key);
  if (!counts || !store || !headingId) return null;
  return sectionOf(store.getSnapshot().view, headingId);
}

const sectionMaps = new WeakMap<ConsensusView, Map<string, SectionRollup>>();

function sectionOf(view: ConsensusView | null, headingId: string): SectionRollup | null {
  if (!view) return null;
  let map = sectionMaps.get(view);
  if (!map) {
    map = new Map(view.rollup.sections.filter((s) => s.headingId !== null).map((s) => [s.headingId!, s]));
    sectionMaps.set(view, map);
  }
  return map.get(headingId) ?? null;
}
