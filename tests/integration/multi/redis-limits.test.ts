/**
 * Limits held across servers (REDIS_URL, issue 20): a per-account rate limit
 * and the per-account socket cap count every server's traffic together, not
 * once per server; an ended session is cut off on every server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@concord/server/app';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startSharedServers, type SharedServers } from '../../helpers/shared-servers.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { IMPORTS_PER_WINDOW } from '@concord/server/import/import-limits';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

let cluster: SharedServers | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.dispose();
  cluster = undefined;
});

function connect(server: RunningServer, docId: string, who: SignedIn): StockClient {
  const client = stockClient(server.url, docId, who.cookie);
  clients.push(client);
  return client;
}

describe('limits across servers', { timeout: 300_000 }, () => {
  it('an account’s import budget is one for all servers, not one per server', async () => {
    cluster = await startSharedServers(2, redis.url);
    const servers = cluster.servers;
    const me = await signedInUser(servers[0]!, 'Importer');
    const statuses: number[] = [];
    // Every attempt costs a token, refused ones too: these fail after the limit (no filename, 400).
    for (let i = 0; i < IMPORTS_PER_WINDOW + 6; i++) {
      statuses.push((await api(servers[i % 2]!, me.cookie, 'POST', '/api/docs/import', undefined)).status);
    }
    const refused = statuses.filter((s) => s === 429).length;
    // 20 tokens, one more every 30 s: one server's budget, though each server saw only half the attempts.
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(IMPORTS_PER_WINDOW + 1);
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(statuses.slice(0, IMPORTS_PER_WINDOW).every((s) => s === 400)).toBe(true);
  });

  it('the per-account socket cap counts sockets on every server; a closed socket frees its slot everywhere', async () => {
    cluster = await startSharedServers(2, redis.url, { env: { MAX_CONNECTIONS_PER_USER: '2' } });
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const author = await signedInUser(one, 'Author');
    const docId = await createDocWithMembers(one, author);
    const first = connect(one, docId, author);
    const second = connect(one, docId, author);
    await Promise.all([synced(first), synced(second)]);
    const third = connect(two, docId, author);
    await waitFor(() => third.closeEvents.length > 0, 30_000, 'third socket refused on server two');
    expect(third.closeEvents[0]!.code).toBe(4429);
    third.destroy();

    first.destroy();
    // The slot it held is free again (released in Redis), so server two admits one now.
    let fourth: StockClient | undefined;
    await waitFor(
      () => {
        if (fourth?.provider.synced) return true;
        if (!fourth || fourth.closeEvents.length > 0) {
          fourth?.destroy();
          fourth = connect(two, docId, author);
        }
        return false;
      },
      10_000,
      'a socket on server two after one closed on server one',
    );
  });

  it('signing out through one server closes that session’s sockets on every server (4401)', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const author = await signedInUser(one, 'Author');
    const docId = await createDocWithMembers(one, author);
    const onTwo = connect(two, docId, author);
    await synced(onTwo);
    expect((await api(one, author.cookie, 'POST', '/api/auth/logout', undefined)).status).toBeLessThan(300);
    await waitFor(() => onTwo.closeEvents.length > 0, 30_000, 'socket on server two closed');
    expect(onTwo.closeEvents[0]!.code).toBe(4401);
  });
});
