import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { cappedStates, MAX_DRAWN_CARETS, providerWithCappedCarets, undrawnCarets } from './capped-carets';

describe('remote carets drawn', () => {
  it('keeps my entry and the first others up to the cap', () => {
    const states = new Map<number, string>(Array.from({ length: 50 }, (_, i) => [i, `s${i}`] as const));
    const capped = cappedStates(states, 30, 5);
    expect([...capped.keys()]).toEqual([30, 0, 1, 2, 3, 4]);
    expect(cappedStates(states, 30, 100)).toBe(states);
  });

  it('200 people present: the caret plugin sees me and at most the cap; presence, events and my own state are the real ones', () => {
    const awareness = new Awareness(new Y.Doc());
    const provider = { awareness, connect: () => 'connected' };
    const capped = providerWithCappedCarets(provider);
    const changes: number[] = [];
    capped.awareness.on('change', ({ added }: { added: number[] }) => changes.push(added.length));
    capped.awareness.setLocalStateField('user', { name: 'Me' });
    for (let i = 0; i < 200; i++) {
      const other = new Awareness(new Y.Doc());
      other.setLocalState({ user: { name: `Person ${i}` } });
      applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'network');
      other.destroy();
    }
    const drawn = capped.awareness.getStates();
    expect(drawn.size).toBe(MAX_DRAWN_CARETS + 1);
    expect(drawn.get(awareness.clientID)).toEqual({ user: { name: 'Me' } });
    // The presence list reads the real map; events and my state go to the real awareness.
    expect(capped.awareness.states.size).toBe(201);
    expect(awareness.getLocalState()).toEqual({ user: { name: 'Me' } });
    expect(changes.length).toBe(201); // mine, then 200 others
    // What the presence list says about the carets it does not draw.
    expect(undrawnCarets(awareness.getStates(), awareness.clientID)).toBe(200 - MAX_DRAWN_CARETS);
    expect(undrawnCarets(new Map([[1, {}]]), 1)).toBe(0);
    expect(capped.connect()).toBe('connected');
  });
});
