/**
 * Issue 12 #10, the attack: a server administrator demotes the one dissenting
 * commissioner through the CLI, and the disputed paragraph turns agreed. That
 * must leave a trace in the document's audit log (who was demoted, from what, by
 * the CLI), the dissenter's open socket must be cut, and the demoted member may
 * no longer vote. The CLI runs as its own process beside the real server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment } from '@concord/shared';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { api, createCommissionDoc, signedInCommission } from '../../helpers/users.js';
import { runCliProcess } from '../../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

interface Block {
  id: string | null;
  fingerprint: string;
  status: string;
}

describe('demoting the dissenter through the CLI (issue 12 #10)', { timeout: 180_000 }, () => {
  it('flips the disputed paragraph to agreed only with an audit entry, cuts the socket and the vote', async () => {
    server = await startTestServer();
    const s = server;
    const people = await signedInCommission(s);
    const { author, c1, c2 } = people;
    const docId = await createCommissionDoc(s, people);
    const writer = stockClient(s.url, docId, author.cookie);
    clients.push(writer);
    await synced(writer);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('The contested finding.')]);
    docFragment(writer.doc).insert(0, [p]);
    const consensus = async () => (await api(s, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body as { blocks: Block[] };
    await expect.poll(async () => (await consensus()).blocks[0]?.id ?? null, { timeout: 30_000 }).not.toBeNull();
    const block = (await consensus()).blocks[0]!;
    const vote = (who: typeof c1, stance: string) =>
      api(s, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${block.id}/vote`, { stance, fingerprint: block.fingerprint, reason: 'No.' });
    expect((await vote(c1, 'agree')).status).toBe(200);
    expect((await vote(c2, 'dispute')).status).toBe(200);
    expect((await consensus()).blocks[0]!.status).toBe('disputed');

    const dissenterSocket = stockClient(s.url, docId, c2.cookie);
    clients.push(dissenterSocket);
    await synced(dissenterSocket);

    const cli = await runCliProcess(['member', 'add', '--doc', docId, '--email', c2.user.email, '--role', 'observer'], {
      env: { DATA_DIR: s.dataDir },
    });
    expect(cli.code).toBe(0);

    await waitFor(() => dissenterSocket.closeEvents.length > 0, 30_000, "the dissenter's socket to be cut");
    expect(dissenterSocket.closeEvents[0]!.code).toBe(4503);
    // The paragraph's status changed because of the demotion …
    await expect.poll(async () => (await consensus()).blocks[0]!.status, { timeout: 30_000 }).toBe('agreed');
    // … and the audit log says who did what, to whom, from which role.
    const audit = await api(s, author.cookie, 'GET', `/api/docs/${docId}/audit`);
    expect(audit.status).toBe(200);
    const entries = audit.body.entries as { action: string; actorId: string; details: Record<string, unknown> }[];
    const demotion = entries.find((e) => e.action === 'member.changed' && e.details.userId === c2.user.id);
    expect(demotion).toMatchObject({ actorId: 'cli', details: { role: 'observer', previousRole: 'commissioner', via: 'cli' } });
    // The demoted member cannot vote any more.
    expect((await vote(c2, 'dispute')).status).toBe(403);
  });
});
