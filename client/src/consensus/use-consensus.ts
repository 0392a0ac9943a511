/** React access to a ConsensusStore: snapshots arrive at most every 150 ms, never per keystroke. */
import { useCallback, useSyncExternalStore } from 'react';
import type { SectionRollup } from '@concord/shared';
import type { ConsensusSnapshot, ConsensusStore } from './consensus-store';

export function useConsensus(store: ConsensusStore): ConsensusSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** For the consensus panel: a new snapshot only when something the panel shows changed. */
export function usePanelConsensus(store: ConsensusStore): ConsensusSnapshot {
  return useSyncExternalStore(store.subscribe, store.getPanelSnapshot);
}

/**
 * Whether I may sign off sections (a commissioner, votes loaded): re-renders only when that changes.
 * The outline asks once for all its rows, not once per row.
 */
export function useCanSignOff(store: ConsensusStore | null): boolean {
  const canSignOff = useCallback(() => {
    const snapshot = store?.getSnapshot();
    return snapshot !== undefined && snapshot.isCommissioner && snapshot.load === 'ready';
  }, [store]);
  const subscribe = useCallback((listener: () => void) => (store ? store.subscribe(listener) : () => {}), [store]);
  return useSyncExternalStore(subscribe, canSignOff);
}

/**
 * One section's counts, for the outline: the row listens to its own section
 * (`subscribeSection`), so a vote or a status change wakes the rows whose
 * counts changed and no other — not a check per row on every publish.
 */
export function useSectionRollup(store: ConsensusStore | null, headingId: string | null): SectionRollup | null {
  const subscribe = useCallback(
    (listener: () => void) => (store && headingId ? store.subscribeSection(headingId, listener) : () => {}),
    [store, headingId],
  );
  const section = useCallback(() => (store && headingId ? store.sectionRollup(headingId) : null), [store, headingId]);
  return useSyncExternalStore(subscribe, section);
}
