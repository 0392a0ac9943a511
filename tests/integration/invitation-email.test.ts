/**
 * Invitation emails against a real server and a real SMTP server inside the test:
 * with SMTP_URL, inviting someone by email sends them one email (who invited them,
 * to which report, with which role, the link to sign in and open it), the same
 * whether or not the address has an account, after the same answer; inviting again
 * sends nothing more; an SMTP outage never fails the invitation, and an invitation
 * revoked meanwhile is not mailed; an undeliverable one shows to the author by the
 * address typed. Without SMTP_URL nothing is queued and the settings say email is off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { waitFor } from '../helpers/yclient.js';

const PUBLIC_URL = 'https://concord.example.org';
const HOUR = 3600_000;
let smtp: TestSmtp | undefined;
let server: TestServer | undefined;
let unique = 0;

afterEach(async () => {
  await server?.dispose();
  await smtp?.close();
  server = smtp = undefined;
});

async function withSmtp(): Promise<{ server: TestServer; smtp: TestSmtp }> {
  smtp = await startSmtp();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Concord <concord@example.org>', PUBLIC_URL, MAIL_RETRY_MS: '60000' },
  });
  return { server, smtp };
}

const nobody = () => `nobody.${Date.now()}.${++unique}@test.concord`;
const invite = (s: TestServer, by: SignedIn, docId: string, email: string, role = 'commissioner') =>
  api(s, by.cookie, 'POST', `/api/docs/${docId}/members`, { email, role });
const outboxRow = (s: TestServer, invitationId: string) => s.services.stores.mail.byKey(`invitation:${invitationId}`);

describe('invitation emails (SMTP_URL set)', { timeout: 60_000 }, () => {
  it('known and unknown addresses alike: one email each — who, which report, which role, the link — and none for a re-invitation', async () => {
    const { server, smtp } = await withSmtp();
    const author = await signedInUser(server, 'Ana Author');
    const known = await signedInUser(server, 'Kim Known');
    const unknown = nobody();
    const docA = await createDocWithMembers(server, author, [], 'Housing report');
    const docB = await createDocWithMembers(server, author, [], 'Housing report');

    const a = await invite(server, author, docA, known.user.email);
    const b = await invite(server, author, docB, unknown);
    expect([a.status, b.status]).toEqual([201, 201]);
    await waitFor(() => smtp.to(known.user.email).length === 1 && smtp.to(unknown).length === 1, 30_000, 'both invitation emails');

    const mails = [smtp.to(known.user.email)[0]!.mail, smtp.to(unknown)[0]!.mail];
    for (const [i, mail] of mails.entries()) {
      const [docId, email] = i === 0 ? [docA, known.user.email] : [docB, unknown];
      expect(mail.subject).toBe('Ana Author invited you to “Housing report” on Concord');
      expect(mail.text).toContain('Ana Author invited you to the report “Housing report” on Concord, as commissioner (edits and votes).');
      expect(mail.text).toContain(`${PUBLIC_URL}/d/${docId}`);
      expect(mail.text).toContain(`Sign in with this address, ${email}`);
      expect(String(mail.html)).toContain(`href="${PUBLIC_URL}/d/${docId}"`);
      // Not a member's mail: nothing to unsubscribe from.
      expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')).toBeUndefined();
    }
    // The same email whichever kind: only the link's document and the address differ.
    const same = (text: string | false | undefined, docId: string, email: string) =>
      String(text).replaceAll(docId, '<doc>').replaceAll(email, '<email>');
    expect(same(mails[1]!.text, docB, unknown)).toBe(same(mails[0]!.text, docA, known.user.email));
    expect(same(mails[1]!.html, docB, unknown)).toBe(same(mails[0]!.html, docA, known.user.email));
    // The outbox rows do not tell either: no account on either. The SMTP server has
    // the mail before the sender hears its answer and marks the row: wait for that run.
    await server.services.mail.runOnce();
    for (const answer of [a, b])
      expect(await outboxRow(server, answer.body.invitation.id)).toMatchObject({ userId: null, kind: 'invitation', state: 'sent' });

    // Inviting again (a role change) makes no new invitation and sends nothing more.
    expect((await invite(server, author, docA, known.user.email, 'observer')).status).toBe(200);
    expect((await invite(server, author, docB, unknown, 'observer')).status).toBe(200);
    await server.services.mail.runOnce(new Date(Date.now() + HOUR));
    expect(smtp.to(known.user.email)).toHaveLength(1);
    expect(smtp.to(unknown)).toHaveLength(1);
  });

  it('an SMTP outage never fails the invitation; one revoked before it could be sent is not mailed', async () => {
    const { server, smtp } = await withSmtp();
    const author = await signedInUser(server, 'Ana Author');
    const docId = await createDocWithMembers(server, author);
    smtp.accepting = false;
    const [kept, revoked] = [nobody(), nobody()];
    const answers = [await invite(server, author, docId, kept), await invite(server, author, docId, revoked)];
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const [keptId, revokedId] = answers.map((r) => r.body.invitation.id as string) as [string, string];
    // Queued, tried, refused: waiting for the next attempt.
    await waitFor(() => smtp.refused > 0, 30_000, 'a refused attempt');
    await server.services.mail.runOnce();
    for (const id of [keptId, revokedId]) expect(await outboxRow(server, id)).toMatchObject({ state: 'pending' });
    expect((await api(server, author.cookie, 'DELETE', `/api/docs/${docId}/invitations/${revokedId}`)).status).toBe(200);
    smtp.accepting = true;
    await server.services.mail.runOnce(new Date(Date.now() + HOUR));
    expect(smtp.to(kept)).toHaveLength(1);
    expect(smtp.to(revoked)).toEqual([]);
    expect(await outboxRow(server, revokedId)).toMatchObject({ state: 'cancelled' });
  });

  it('an address the SMTP server refuses is reported to the author by the address typed, account or not', async () => {
    const { server, smtp } = await withSmtp();
    const author = await signedInUser(server, 'Ana Author');
    const known = await signedInUser(server, 'Kim Known');
    const docId = await createDocWithMembers(server, author);
    smtp.unknownAddresses.add(known.user.email.toLowerCase());
    expect((await invite(server, author, docId, known.user.email)).status).toBe(201);
    await waitFor(() => smtp.recipientsRefused > 0, 30_000, 'the refused recipient');
    await server.services.mail.runOnce();
    const failures = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/rounds`)).body.mailFailures;
    expect(failures).toEqual([expect.objectContaining({ recipient: { userId: '', name: known.user.email } })]);
    expect(JSON.stringify(failures)).not.toContain('Kim Known');
  });
});

describe('without SMTP_URL', () => {
  it('an invitation queues no email, and the settings say email is off', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Ana Author');
    const docId = await createDocWithMembers(server, author);
    const res = await invite(server, author, docId, nobody());
    expect(res.status).toBe(201);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await outboxRow(server, res.body.invitation.id)).toBeUndefined();
    expect((await api(server, author.cookie, 'GET', '/api/me/notification-settings')).body.mail).toEqual({ configured: false });
  });
});
