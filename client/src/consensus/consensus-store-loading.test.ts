/**
 * When the consensus is loaded: once per connection of the socket, the first one included, and
 * not also before it — every open of the 150-page report used to fetch its 15 MB consensus twice
 * (issue 11). Without a socket after a moment, it loads anyway.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionPhase } from '../sync/connection-phase';
import { ConsensusStore } from './consensus-store';
import type { EventSource } from './store-types';
import { consensusJson, reportDoc } from './test-fixtures';

function fakeSession(initial: ConnectionPhase) {
  let phase = initial;
  const listeners = new Set<() => void>();
  const source: EventSource = {
    onEvent: () => () => {},
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    getSnapshot: () => ({ phase }),
  };
  return {
    source,
    set(next: ConnectionPhase) {
      phase = next;
      listeners.forEach((l) => l());
    },
  };
}

describe('consensus store loading', () => {
  let fetches = 0;
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    fetches = 0;
    vi.useFakeTimers();
    const body = JSON.stringify(consensusJson(reportDoc(5), 2).summary);
    globalThis.fetch = (async () => {
      fetches++;
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
  });
  afterEach(() => {
    vi.useRealTimers();
    globalThis.fetch = realFetch;
  });

  it('loads once when the socket connects, and again on each reconnection', async () => {
    const session = fakeSession('connecting');
    const store = new ConsensusStore('doc', 'u0');
    store.connect(session.source);
    expect(fetches).toBe(0);
    session.set('connected');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetches).toBe(1);
    expect(store.isReady).toBe(true);
    session.set('reconnecting');
    session.set('connected');
    await vi.advanceTimersByTimeAsync(10);
    expect(fetches).toBe(2);
  });

  it('loads at once when the socket is already up, and without it when it does not come', async () => {
    const up = fakeSession('connected');
    new ConsensusStore('doc', 'u0').connect(up.source);
    await vi.advanceTimersByTimeAsync(10);
    expect(fetches).toBe(1);

    const down = fakeSession('connecting');
    const store = new ConsensusStore('doc', 'u0');
    store.connect(down.source);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetches).toBe(2);
    expect(store.isReady).toBe(true);
  });
});
