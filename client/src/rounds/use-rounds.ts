/**
 * A document's review rounds, kept fresh: loaded once, again when a round opens
 * or closes (`round.changed`) and, a second after votes settle, when a vote
 * changes what is left; every minute as a fallback.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RoundsJson } from '@concord/shared';
import { roundsApi } from '../api/rounds';
import type { DocSession } from '../sync/doc-session';

const REFRESH_MS = 60_000;
const AFTER_VOTES_MS = 1000;

export function useRounds(docId: string, session: DocSession | null): { rounds: RoundsJson | null; reload: () => void } {
  const [rounds, setRounds] = useState<RoundsJson | null>(null);
  const reload = useCallback(() => {
    roundsApi.list(docId).then(setRounds, () => {
      // Offline or no access: keep what is shown.
    });
  }, [docId]);
  useEffect(() => {
    reload();
    const every = setInterval(reload, REFRESH_MS);
    let soon: ReturnType<typeof setTimeout> | undefined;
    const off = session?.onEvent((event) => {
      if (event.type === 'round.changed') reload();
      else if (event.type === 'vote.changed') {
        clearTimeout(soon);
        soon = setTimeout(reload, AFTER_VOTES_MS);
      }
    });
    return () => {
      clearInterval(every);
      clearTimeout(soon);
      off?.();
    };
  }, [reload, session]);
  return { rounds, reload };
}
