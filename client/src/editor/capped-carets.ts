/**
 * Other people's carets, drawn for at most MAX_DRAWN_CARETS of them. The caret
 * plugin redraws every caret in the awareness map on each change, so a
 * commission of hundreds — or a hostile client announcing thousands of fake
 * presences (issue 12 #7) — would make every keystroke draw them all. The
 * presence list still shows everyone (it reads `states`); only drawing is capped.
 */
import type { Awareness } from 'y-protocols/awareness';

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

/** The same awareness, but `getStates()` — what the caret plugin draws from — holds at most `max` others. */
function withCappedCarets(awareness: Awareness, max = MAX_DRAWN_CARETS): Awareness {
  return new Proxy(awareness, {
    get(target, prop) {
      if (prop === 'getStates') return () => cappedStates(target.getStates(), target.clientID, max);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The provider as the caret extension sees it: everything as it is, but its awareness draws capped carets. */
export function providerWithCappedCarets<P extends { awareness: Awareness }>(provider: P, max = MAX_DRAWN_CARETS): P {
  const awareness = withCappedCarets(provider.awareness, max);
  return new Proxy(provider, {
    get(target, prop) {
      if (prop === 'awareness') return awareness;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
