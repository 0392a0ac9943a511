/**
 * Ending a session closes its sockets through the event bus: at once when this
 * process revokes it, and on the CrossProcessRelay's next round when another
 * process (the CLI) did or it expired. The relay is driven by hand (`poll()`),
 * so nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode, type ConcordEvent } from '@concord/shared';
import { InProcessEventBus } from '../../src/events/event-bus.js';
import { CrossProcessRelay } from '../../src/events/cross-process-relay.js';
import { publishingRevocations, SessionSockets } from '../../src/auth/session-sockets.js';
import { openMemoryStores } from '../../src/store/open-stores.js';
import { createLogger } from '../../src/logger.js';
import type { AuditEntry } from '../../src/store/types.js';

const NOW = Date.parse('2026-12-02T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function setup() {
  const stores = openMemoryStores();
  const bus = new InProcessEventBus((err) => {
    throw err;
  });
  const events: ConcordEvent[] = [];
  for (const type of ['session.ended', 'user.sessions.ended', 'member.changed'] as const) bus.subscribe(type, (e) => void events.push(e));
  const sockets = new SessionSockets();
  sockets.subscribe(bus);
  const closed: { socket: string; code: number }[] = [];
  const open = (tokenHash: string, userId: string, socket: string) =>
    sockets.register(tokenHash, userId, (code) => closed.push({ socket, code }));
  const session = async (tokenHash: string, userId: string, expiresAt = NOW + 60_000) => {
    if (!(await stores.accounts.getUser(userId)))
      await stores.accounts.createUser({ id: userId, email: `${userId}@test.concord`, name: userId, color: '#123456', passwordHash: 'x' });
    await stores.accounts.createSession({ tokenHash, userId, createdAt: iso(NOW - 1000), expiresAt: iso(expiresAt) });
  };
  const relay = new CrossProcessRelay(
    { audit: stores.consensus, accounts: stores.accounts, openSessions: () => sockets.openSessions() },
    bus,
    createLogger('silent'),
    60_000,
    () => NOW,
  );
  return { stores, bus, events, sockets, closed, open, session, relay, accounts: publishingRevocations(stores.accounts, bus) };
}

describe('session revocation through the bus', () => {
  it('a revocation in this process closes that session’s sockets before it resolves, and only those', async () => {
    const t = setup();
    await t.session('h1', 'u1');
    await t.session('h2', 'u1');
    t.open('h1', 'u1', 'a');
    t.open('h2', 'u1', 'b');
    await t.accounts.revokeSession('h1');
    expect(t.closed).toEqual([{ socket: 'a', code: CloseCode.unauthorized }]);
    expect(t.events).toEqual([{ type: 'session.ended', tokenHash: 'h1' }]);
    await t.accounts.revokeUserSessions('u1');
    expect(t.closed.map((c) => c.socket)).toEqual(['a', 'b']);
    expect(t.sockets.openSessionCount).toBe(0);
  });

  it('the relay closes sockets whose session another process revoked, or that expired; live ones stay', async () => {
    const t = setup();
    await t.session('gone', 'u1');
    await t.session('expired', 'u2', NOW - 1);
    await t.session('live', 'u3');
    t.open('gone', 'u1', 'gone');
    t.open('expired', 'u2', 'expired');
    t.open('live', 'u3', 'live');
    // Another process (the CLI) revokes through the raw store: nothing is published here.
    await t.stores.accounts.revokeSession('gone');
    expect(t.closed).toEqual([]);
    await t.relay.poll();
    expect(t.closed.map((c) => c.socket).sort()).toEqual(['expired', 'gone']);
    expect(t.sockets.openSessionCount).toBe(1);
    await t.relay.poll();
    expect(t.closed).toHaveLength(2);
  });

  it('the relay announces membership changes the CLI audited, from the end of the log it found at start', async () => {
    const t = setup();
    const entry = (action: 'member.removed' | 'member.added', userId: string, via?: 'cli') => ({
      docId: 'd1',
      at: iso(NOW),
      actorId: via ? 'cli' : 'u0',
      action,
      blockId: null,
      details: { userId, role: 'observer', previousRole: 'commissioner', ...(via ? { via } : {}) },
    });
    await t.stores.consensus.appendAudit(entry('member.removed', 'before-start', 'cli'));
    await t.relay.start();
    await t.relay.stop();
    await t.stores.consensus.appendAudit(entry('member.removed', 'u1', 'cli'));
    await t.stores.consensus.appendAudit(entry('member.added', 'u2')); // made on the web: already published there
    await t.relay.poll();
    expect(t.events).toEqual([{ type: 'member.changed', docId: 'd1', userId: 'u1', role: null, previousRole: 'commissioner' }]);
  });

  it('an entry that becomes visible after a higher-numbered one (PostgreSQL commit order) is still relayed, once', async () => {
    // The log as each poll sees it: entry 2 (the CLI's removal) commits after entry 3 (a vote on the web).
    const visible: AuditEntry[] = [];
    const entry = (seq: number, action: AuditEntry['action'], via?: 'cli'): AuditEntry => ({
      seq,
      docId: 'd1',
      at: iso(NOW),
      actorId: via ? 'cli' : 'u0',
      action,
      blockId: null,
      details: { userId: `u${seq}`, role: 'observer', previousRole: 'commissioner', ...(via ? { via } : {}) },
    });
    const audit = {
      lastAuditSeq: async () => Math.max(0, ...visible.map((e) => e.seq)),
      listAuditAfter: async (after: number, options: { limit?: number } = {}) =>
        visible
          .filter((e) => e.seq > after)
          .sort((a, b) => a.seq - b.seq)
          .slice(0, options.limit ?? 1000),
    };
    let now = NOW;
    const bus = new InProcessEventBus((err) => {
      throw err;
    });
    const events: ConcordEvent[] = [];
    bus.subscribe('member.changed', (e) => void events.push(e));
    const relay = new CrossProcessRelay(
      { audit, accounts: openMemoryStores().accounts, openSessions: () => [] },
      bus,
      createLogger('silent'),
      60_000,
      () => now,
    );
    visible.push(entry(1, 'vote.cast'));
    await relay.start();
    await relay.stop();
    visible.push(entry(3, 'vote.cast'), entry(6, 'member.removed', 'cli'));
    await relay.poll();
    expect(events.map((e) => (e as { userId: string }).userId)).toEqual(['u6']);
    visible.push(entry(2, 'member.removed', 'cli'));
    await relay.poll();
    await relay.poll();
    expect(events.map((e) => (e as { userId: string }).userId)).toEqual(['u6', 'u2']);
    // A number never filled (a rolled-back transaction) stops being watched after 30 s; one filled later is then not relayed.
    now += 31_000;
    await relay.poll();
    visible.push(entry(4, 'member.removed', 'cli'));
    await relay.poll();
    expect(events).toHaveLength(2);
  });
});
