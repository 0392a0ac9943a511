/**
 * The event bus across processes (REDIS_URL, issue 20): every event reaches the
 * handlers of every process that should hear it, once; the CLI publishes there
 * too. Real Redis (tests/helpers/redis.ts), real servers sharing one store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisLink } from '@concord/server/events/redis-link';
import { RedisEventBus } from '@concord/server/events/redis-event-bus';
import { createLogger } from '@concord/server/logger';
import type { ConcordEvent } from '@concord/shared';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startSharedServers, type SharedServers } from '../../helpers/shared-servers.js';
import { api, createCommissionDoc, signedInCommission, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { runCliProcess } from '../../helpers/process.js';
import { listenConcord } from '../support/concord-messages.js';
import { docFragment } from '@concord/shared';
import * as Y from 'yjs';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('RedisEventBus', () => {
  const links: RedisLink[] = [];
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()));
  });
  const bus = async () => {
    const link = await RedisLink.connect(redis.url, createLogger('silent'));
    links.push(link);
    return RedisEventBus.start(link, (err) => {
      throw err;
    });
  };

  it('delivers an event once to every process; handlers of scope publisher run only where it was published', async () => {
    const [a, b, c] = await Promise.all([bus(), bus(), bus()]);
    const heard: string[] = [];
    for (const [name, x] of [
      ['a', a!],
      ['b', b!],
      ['c', c!],
    ] as const) {
      x.subscribe('doc.renamed', (e) => void heard.push(`${name}:${e.title}`));
      x.subscribe('doc.renamed', (e) => void heard.push(`${name}-once:${e.title}`), 'publisher');
    }
    const event: ConcordEvent = { type: 'doc.renamed', docId: 'd1', title: 'New title' };
    await a!.publish(event);
    // a's own handlers ran before publish resolved.
    expect(heard.sort()).toEqual(['a-once:New title', 'a:New title']);
    await waitFor(() => heard.length === 4, 30_000, 'b and c heard it');
    // A further event proves nothing more of the first one arrives (no echo, no duplicate).
    await b!.publish({ type: 'doc.renamed', docId: 'd1', title: 'Second' });
    await waitFor(() => heard.length === 8, 30_000, 'second event everywhere');
    expect(heard.sort()).toEqual(
      ['a:New title', 'a-once:New title', 'b:New title', 'c:New title', 'a:Second', 'b:Second', 'b-once:Second', 'c:Second'].sort(),
    );
  });

  it('refuses to start when Redis cannot be reached, saying where it looked', async () => {
    await expect(RedisLink.connect('redis://:secret@127.0.0.1:1', createLogger('silent'), 1500)).rejects.toThrow(
      /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*REDIS_URL/,
    );
  });
});

describe('servers sharing one Redis', { timeout: 120_000 }, () => {
  let cluster: SharedServers | undefined;
  const clients: StockClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await cluster?.dispose();
    cluster = undefined;
  });

  const connect = (url: string, docId: string, who: SignedIn) => {
    const client = stockClient(url, docId, who.cookie, { concord: true, connect: false });
    clients.push(client);
    return client;
  };

  it('a vote and a removal made through one server reach the sockets of another', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [NonNullable<(typeof cluster.servers)[0]>, NonNullable<(typeof cluster.servers)[0]>];
    const people = await signedInCommission(one);
    const docId = await createCommissionDoc(one, people);

    // A paragraph with an id, written through server one.
    const writer = connect(one.url, docId, people.author);
    writer.provider.connect();
    await synced(writer);
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('id', 'b1');
    p.insert(0, [new Y.XmlText('Shared words.')]);
    docFragment(writer.doc).insert(0, [p]);
    const consensus = async () => (await api(one, people.c1.cookie, 'GET', `/api/docs/${docId}/consensus`)).body;
    let view = await consensus();
    for (let i = 0; i < 600 && view.blocks?.[0]?.id !== 'b1'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await consensus();
    }
    const block = view.blocks[0] as { id: string; fingerprint: string };

    // c2 watches on server two; c1 votes through server one.
    const watcher = connect(two.url, docId, people.c2);
    const inbox = listenConcord(watcher);
    watcher.provider.connect();
    await synced(watcher);
    expect(
      (
        await api(one, people.c1.cookie, 'PUT', `/api/docs/${docId}/blocks/${block.id}/vote`, {
          stance: 'agree',
          fingerprint: block.fingerprint,
        })
      ).status,
    ).toBe(200);
    await waitFor(() => inbox.events.some((e) => (e as { type: string }).type === 'vote.changed'), 30_000, 'vote.changed on server two');
    expect(inbox.events.filter((e) => (e as { type: string }).type === 'vote.changed')).toHaveLength(1);

    // The observer is removed through server one: its socket on server two closes (4404).
    const observer = connect(two.url, docId, people.observer);
    observer.provider.connect();
    await synced(observer);
    expect((await api(one, people.author.cookie, 'DELETE', `/api/docs/${docId}/members/${people.observer.user.id}`)).status).toBe(200);
    await waitFor(() => observer.closeEvents.length > 0, 30_000, 'observer cut off on server two');
    expect(observer.closeEvents[0]!.code).toBe(4404);
  });

  it('the CLI publishes on the shared bus: a member it removes is cut off on every server', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [NonNullable<(typeof cluster.servers)[0]>, NonNullable<(typeof cluster.servers)[0]>];
    const people = await signedInCommission(one);
    const docId = await createCommissionDoc(one, people);
    const onOne = connect(one.url, docId, people.c1);
    const onTwo = connect(two.url, docId, people.c1);
    const stays = connect(two.url, docId, people.c2);
    for (const c of [onOne, onTwo, stays]) c.provider.connect();
    await Promise.all([onOne, onTwo, stays].map((c) => synced(c)));

    const result = await runCliProcess(['member', 'remove', '--doc', docId, '--email', people.c1.user.email], {
      env: { DATA_DIR: cluster.dataDir, REDIS_URL: redis.url },
    });
    expect(result.code, result.stderr).toBe(0);
    await waitFor(() => onOne.closeEvents.length > 0 && onTwo.closeEvents.length > 0, 30_000, 'c1 cut off on both servers');
    expect([onOne.closeEvents[0]!.code, onTwo.closeEvents[0]!.code]).toEqual([4404, 4404]);
    expect(stays.closeEvents).toEqual([]);
  });
});
