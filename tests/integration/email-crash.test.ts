/**
 * Email survives a crash (issue 19): a review round's email is queued while the
 * SMTP server refuses connections, Concord is killed with SIGKILL before it could
 * send, the SMTP server comes back, Concord restarts on the same data dir — and
 * the email is delivered exactly once.
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

async function outboxStates(dataDir: string): Promise<string[]> {
  const stores = openSqliteStores(join(dataDir, 'concord.sqlite'));
  try {
    return (stores as unknown as { db: { prepare(sql: string): { all(): { state: string }[] } } }).db
      .prepare('SELECT state FROM mail_outbox ORDER BY seq')
      .all()
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
});
