/**
 * Other people's carets, drawn for at most MAX_DRAWN_CARETS of them. The caret
 * plugin redraws every caret in the awareness map on each change, so a
 * commission of hundreds — or a hostile client announcing thousands of fake
 * presences (issue 12 #7) — would make every keystroke draw them all. The
 * presence list still shows everyone (it reads `states`); only drawing is capped.
 */
import type { Awareness } from 'y-protocols/awareness';
import { overriding } from './overriding';

export const MAX_DRAWN_CARETS = 24;

/** My own entry and the first `max` others', in the map's (arrival) order. */
export function cappedStates<S>(states: Map<number, S>, mine: number, max: number): Map<number, S> {
  if (states.size <= max + 1) return states;
  const out = new Map<number, S>();
  const own = states.get(mine);
  if (own !== undefined) out.set(mine, own);
  for (const [id, state] of states) {
    if (out.size - (own !== undefined ? 1 : 0) >= max) break;
    if (id !== mine) out.set(id, state);
  }
  return out;
}

/** How many other people's carets `cappedStates` leaves undrawn: the editor says "+N more" for them. */
export function undrawnCarets(states: Map<number, unknown>, mine: number, max: number = MAX_DRAWN_CARETS): number {
  const others = states.size - (states.has(mine) ? 1 : 0);
  return Math.max(0, others - max);
}

/** The provider as the caret extension sees it: everything as it is, but its awareness's `getStates()` — what the caret plugin draws from — holds at most `max` others. */
export function providerWithCappedCarets<P extends { awareness: Awareness }>(provider: P, max = MAX_DRAWN_CARETS): P {
  const real = provider.awareness;
  const awareness = overriding(real, 'getStates', () => cappedStates(real.getStates(), real.clientID, max));
  return overriding(provider, 'awareness', awareness);
}
