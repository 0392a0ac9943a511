/**
 * The SQLite consensus store keeps each document's votes in memory between changes
 * (issues 11, 21). A change made through another connection to the same file — the CLI
 * beside a running server, a proposal adoption, a cascade — must still be seen at once:
 * the `vote_generations` triggers are what the cache trusts, not this process's writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/open-stores.js';
import type { StoredVote, Stores } from '../../src/store/types.js';

const vote = (blockId: string, stance: 'agree' | 'dispute' = 'agree'): StoredVote => ({
  docId: 'd1',
  blockId,
  userId: 'u1',
  stance,
  reason: stance === 'dispute' ? 'no' : null,
  fingerprint: 'f'.repeat(16),
  text: 'Text.',
  at: '2026-01-01T00:00:00.000Z',
});

describe('SQLite vote list kept in memory', () => {
  let dir: string;
  let server: Stores;
  let cli: Stores;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concord-vote-cache-'));
    server = openSqliteStores(join(dir, 'concord.sqlite'), {});
    await server.accounts.createUser({ id: 'u1', email: 'u1@example.org', name: 'u1', color: '#000000', passwordHash: 'x' });
    await server.docs.createDoc({ id: 'd1', title: 'One' });
    cli = openSqliteStores(join(dir, 'concord.sqlite'), {});
  });
  afterEach(async () => {
    await cli.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the same list while nothing changed, and sees changes made through another connection', async () => {
    await server.consensus.putVote(vote('b1'));
    const first = await server.consensus.listVotes('d1');
    expect(await server.consensus.listVotes('d1')).toBe(first); // read once, kept
    expect(Object.isFrozen(first)).toBe(true);

    await cli.consensus.putVote(vote('b1', 'dispute'));
    expect((await server.consensus.listVotes('d1')).map((v) => v.stance)).toEqual(['dispute']);
    await cli.consensus.putVote(vote('b2'));
    expect((await server.consensus.listVotes('d1')).map((v) => v.blockId)).toEqual(['b1', 'b2']);
    await cli.consensus.withdrawVote('d1', 'b1', 'u1', '2026-01-01T00:00:01.000Z');
    expect((await server.consensus.listVotes('d1')).map((v) => v.blockId)).toEqual(['b2']);
    await cli.docs.deleteDoc('d1');
    expect(await server.consensus.listVotes('d1')).toEqual([]);
  });
});
