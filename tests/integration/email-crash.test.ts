/**
 * Email survives a crash (issue 19): a review round's email is queued while the
 * SMTP server refuses connections, Concord is killed with SIGKILL before it could
 * send, the SMTP server comes back, Concord restarts on the same data dir — and
 * the email is delivered exactly once. The same for invitation emails killed right
 * after the invitation's 201: the email is committed with the invitation (a
 * transactional outbox), never queued after the answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { waitFor } from '../helpers/yclient.js';
import { seedDataDir } from '../helpers/seeded-data-dir.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The author (with a session) and a commissioner who wants every email, in a fresh data dir. */
function seed() {
  return seedDataDir({
    people: [
      { name: 'Author', email: 'author@crash.test' },
      { name: 'Ines', email: 'ines@crash.test' },
    ],
    docs: [{ title: 'Crash report' }],
    also: async (stores, seeded) => {
      await stores.mail.setMode(seeded.people[1]!.user.id, seeded.docId, 'every');
    },
  });
}

async function outboxStates(dataDir: string, kind?: string): Promise<string[]> {
  const stores = openSqliteStores(join(dataDir, 'concord.sqlite'));
  try {
    return (stores as unknown as { db: { prepare(sql: string): { all(): { state: string; kind: string }[] } } }).db
      .prepare('SELECT state, kind FROM mail_outbox ORDER BY seq')
      .all()
      .filter((r) => kind === undefined || r.kind === kind)
      .map((r) => r.state);
  } finally {
    await stores.close();
  }
}

describe('email across a crash', () => {
  it('queued, killed with SIGKILL before sending while SMTP was down: sent once after the restart', async () => {
    const smtp: TestSmtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const { dataDir, docId, cookie, remove } = await seed();
    cleanups.push(async () => remove());
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'concord@crash.test', MAIL_RETRY_MS: '300', PUBLIC_URL: 'https://concord.crash.test' };

    smtp.accepting = false;
    let server: ServerProcess = await startServerProcess({ dataDir, env, startTimeoutMs: 180_000 });
    cleanups.push(() => server.kill('SIGKILL'));
    const res = await fetch(`${server.url}/api/docs/${docId}/rounds`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(), message: 'Before Friday' }),
    });
    expect(res.status).toBe(201);
    await waitFor(() => smtp.refused >= 1, 30_000, 'a refused attempt');
    await server.kill('SIGKILL');
    expect(smtp.received).toEqual([]);
    expect(await outboxStates(dataDir)).toEqual(['pending']);

    smtp.accepting = true;
    server = await startServerProcess({ dataDir, port: server.port, env, startTimeoutMs: 180_000 });
    await waitFor(() => smtp.received.length >= 1, 30_000, 'the email after the restart');
    // Sent, then recorded as sent: the record follows the SMTP answer.
    await expect.poll(() => outboxStates(dataDir)).toEqual(['sent']);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.to('ines@crash.test')).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toContain('Crash report');
    await server.kill('SIGTERM');
  }, 480_000);

  it('invitations killed with SIGKILL right after their 201: each email sent once after the restart, known address or not', async () => {
    const smtp: TestSmtp = await startSmtp();
    cleanups.push(() => smtp.close());
    // Kim has an account but is not a member: inviting her makes a membership, inviting the
    // unknown address a pending invitation (the two store paths, each with its own transaction).
    const { dataDir, docId, cookie, remove } = await seedDataDir({
      people: [
        { name: 'Author', email: 'author@crash.test' },
        { name: 'Kim', email: 'kim@crash.test' },
      ],
      docs: [{ title: 'Invited report' }],
      also: async (stores, seeded) => {
        await stores.members.removeMember(seeded.docId, seeded.people[1]!.user.id);
      },
    });
    cleanups.push(async () => remove());
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'concord@crash.test', MAIL_RETRY_MS: '300', PUBLIC_URL: 'https://concord.crash.test' };

    // Refusing, so nothing can be sent before the kill: what is owed must already be in the store.
    smtp.accepting = false;
    let server: ServerProcess = await startServerProcess({ dataDir, env, startTimeoutMs: 180_000 });
    cleanups.push(() => server.kill('SIGKILL'));
    const invite = (email: string) =>
      fetch(`${server.url}/api/docs/${docId}/members`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ email, role: 'commissioner' }),
      });
    expect((await invite('kim@crash.test')).status).toBe(201);
    const unknown = await invite('nobody@crash.test');
    expect(unknown.status).toBe(201);
    await server.kill('SIGKILL');
    expect(smtp.received).toEqual([]);
    expect(await outboxStates(dataDir, 'invitation')).toEqual(['pending', 'pending']);

    smtp.accepting = true;
    server = await startServerProcess({ dataDir, port: server.port, env, startTimeoutMs: 180_000 });
    await waitFor(() => smtp.received.length >= 2, 30_000, 'both invitation emails after the restart');
    await expect.poll(() => outboxStates(dataDir, 'invitation')).toEqual(['sent', 'sent']);
    expect(smtp.to('kim@crash.test')).toHaveLength(1);
    expect(smtp.to('nobody@crash.test')).toHaveLength(1);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.mail.subject).toBe('Author invited you to “Invited report” on Concord');
    // Inviting again after the restart is a re-invitation: nothing more is owed.
    expect((await invite('nobody@crash.test')).status).toBe(200);
    expect(await outboxStates(dataDir, 'invitation')).toEqual(['sent', 'sent']);
    await server.kill('SIGTERM');
  }, 480_000);
});
