/**
 * Email against a real server and a real SMTP server inside the test (issue 19):
 * a round opened → one email per commissioner with the right count and links;
 * reminders only to those with work left, once; digests aggregate; replies,
 * re-review requests and stale agreements are emailed with a short quote only; an SMTP
 * outage delays but never duplicates; a refused address is reported to the
 * author and not retried; unsubscribe links work without signing in; nobody
 * outside the document, or removed from it, gets anything. Time-based steps call
 * the workers with a later clock instead of waiting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, type EventOf } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn } from '../helpers/users.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { agree, inDays, roundFixture, type RoundFixture } from './support/round-doc.js';
import { lastDailyMoment } from '@concord/shared';
import { stockClient, synced } from '../helpers/yclient.js';
import { MAX_MAIL_ATTEMPTS } from '@concord/server/mail/mail-service';

const PUBLIC_URL = 'https://concord.example.org';
const HOUR = 3600_000;
let smtp: TestSmtp;
let server: TestServer;
let f: RoundFixture;

beforeEach(async () => {
  smtp = await startSmtp();
  server = await startTestServer({
    // The commission sits in India (UTC+5:30 all year): digests at 07:00 there, 01:30 UTC.
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Concord <concord@example.org>',
      PUBLIC_URL,
      MAIL_RETRY_MS: '60000',
      MAIL_DIGEST_HOUR: '7',
      TIME_ZONE: 'Asia/Kolkata',
    },
  });
  f = await roundFixture(server);
});
afterEach(async () => {
  await server?.dispose();
  await smtp?.close();
});

/** A Friday 17:00 UTC one to two weeks ahead, and how an email should write it: 22:30 the same day in India. */
const FRIDAY = (() => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 + ((5 - d.getUTCDay() + 7) % 7));
  d.setUTCHours(17, 0, 0, 0);
  return d;
})();
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FRIDAY_READ = `Fri ${FRIDAY.getUTCDate()} ${MONTHS[FRIDAY.getUTCMonth()]} ${FRIDAY.getUTCFullYear()}, 22:30 Asia/Kolkata`;
const later = (ms: number) => new Date(Date.now() + ms);
/** Runs the email worker now, or as if at `at`. */
const deliver = (at?: Date) => server.services.mail.runOnce(at);
const setEmail = async (who: SignedIn, email: string) => {
  const res = await api(server, who.cookie, 'PUT', '/api/me/notification-settings', { docId: f.docId, email });
  expect(res.status).toBe(200);
  return res.body;
};
const openRound = async (body: Record<string, unknown>) => {
  const res = await api(server, f.author.cookie, 'POST', `/api/docs/${f.docId}/rounds`, body);
  expect(res.status).toBe(201);
  return res.body.round as { id: string };
};
const mailsTo = (who: SignedIn) => smtp.to(who.user.email);
const everyone = (): SignedIn[] => [f.author, f.c1, f.c2, f.publisher, f.observer, f.outsider];

function expectInert(html: string): void {
  expect(html).not.toMatch(/<script|<img|<iframe|<link|<style|\son\w+=|src=|javascript:/i);
}

describe('email', () => {
  it('a round opened: each commissioner who wants every email gets one, with their count and links straight to the paragraph', async () => {
    await setEmail(f.c1, 'every');
    await setEmail(f.c2, 'every');
    await agree(server, f, f.c1, 'h1');
    const announced: EventOf<'round.opened'>[] = [];
    server.services.bus.subscribe('round.opened', (e) => void announced.push(e));
    const round = await openRound({ deadline: FRIDAY.toISOString(), message: 'Sign off <b>chapter 1</b> please', sections: ['h1'] });
    await deliver();
    expect(mailsTo(f.c1)).toHaveLength(1);
    expect(mailsTo(f.c2)).toHaveLength(1);
    for (const who of [f.author, f.publisher, f.observer, f.outsider]) expect(mailsTo(who)).toEqual([]);

    const { mail } = mailsTo(f.c1)[0]!;
    expect(mail.subject).toBe(`Review round on “Housing report”: 4 paragraphs need your review by ${FRIDAY_READ}`);
    expect(mail.text).toContain(`4 paragraphs need your review by ${FRIDAY_READ}.`);
    expect(mail.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-p1`);
    expect(mail.text).toContain('Sign off <b>chapter 1</b> please');
    expect(mailsTo(f.c2)[0]!.mail.text).toContain('5 paragraphs need your review');
    expect(mailsTo(f.c2)[0]!.mail.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-h1`);
    // HTML part: escaped text and links only.
    const html = String(mail.html);
    expectInert(html);
    expect(html).toContain('Sign off &lt;b&gt;chapter 1&lt;/b&gt; please');
    expect(html).toContain(`href="${PUBLIC_URL}/d/${f.docId}#block-p1"`);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(`${PUBLIC_URL}/api/unsubscribe?token=`);
    expect(mail.messageId).toMatch(/@example\.org>?$/);

    // The same round announced again (a retry, a restart) is queued under the same key: not mailed again.
    expect(announced.map((e) => e.roundId)).toEqual([round.id]);
    await server.services.bus.publish(announced[0]!);
    await deliver();
    await deliver(later(HOUR));
    expect(mailsTo(f.c1)).toHaveLength(1);
    expect(mailsTo(f.c2)).toHaveLength(1);
  });

  it('a reminder goes once, before the deadline, only to commissioners with paragraphs left — digest readers too', async () => {
    await setEmail(f.c1, 'every');
    const round = await openRound({ deadline: inDays(3), sections: ['h2'], reminderHours: 24 });
    await deliver();
    expect(mailsTo(f.c1)).toHaveLength(1); // opened
    expect(mailsTo(f.c2)).toHaveLength(0); // digest: held
    await agree(server, f, f.c1, 'h2');
    await agree(server, f, f.c1, 'p4');

    await server.services.roundChecks.run(later(24 * HOUR)); // 48 h before: too early
    await deliver();
    expect(mailsTo(f.c2)).toHaveLength(0);
    await server.services.roundChecks.run(later(50 * HOUR)); // 22 h before
    await deliver();
    expect(mailsTo(f.c1)).toHaveLength(1); // nothing left: no reminder
    expect(mailsTo(f.c2)).toHaveLength(1);
    expect(mailsTo(f.c2)[0]!.mail.subject).toMatch(/^Reminder: 2 paragraphs in “Housing report” still need your review by /);
    expect(mailsTo(f.c2)[0]!.mail.text).toContain(`/d/${f.docId}#block-h2`);
    await server.services.roundChecks.run(later(60 * HOUR));
    await deliver();
    expect(mailsTo(f.c2)).toHaveLength(1);
    expect((await api(server, f.author.cookie, 'GET', `/api/docs/${f.docId}/rounds/${round.id}`)).body.round.remindedAt).not.toBeNull();
  });

  it('the daily digest (the default) aggregates what happened into one email, at the digest hour on the commission’s clock', async () => {
    await openRound({ deadline: inDays(5), sections: ['h3'] });
    const thread = await api(server, f.c2.cookie, 'POST', `/api/docs/${f.docId}/threads`, {
      blockId: 'p5',
      text: '@Ines is five years right?',
    });
    expect(thread.status).toBe(201);
    // The next 07:00 in India: 01:30 UTC, within the next 24 hours.
    const next = lastDailyMoment(later(24 * HOUR), 7, 'Asia/Kolkata');
    expect(next.toISOString()).toMatch(/T01:30:00\.000Z$/);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    await deliver();
    expect(mailsTo(f.c1)).toEqual([]);
    await deliver(new Date(next.getTime() - 60_000));
    expect(mailsTo(f.c1)).toEqual([]);
    await deliver(next);
    expect(mailsTo(f.c1)).toHaveLength(1);
    const { mail } = mailsTo(f.c1)[0]!;
    expect(mail.subject).toBe('Concord digest: 2 updates');
    expect(mail.text).toContain('Review round opened: 2 paragraphs need your review');
    expect(mail.text).toContain('Tom mentioned you: “@Ines is five years right?”');
    expect(mail.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-p5`);
    expectInert(String(mail.html));
    // A later event waits for the next digest hour, and goes out alone then.
    await api(server, f.c2.cookie, 'POST', `/api/docs/${f.docId}/threads`, { blockId: 'p4', text: '@Ines and this one?' });
    await deliver(new Date(next.getTime() - 60_000));
    expect(mailsTo(f.c1)).toHaveLength(1);
    await deliver(new Date(next.getTime() + 24 * HOUR));
    expect(mailsTo(f.c1)).toHaveLength(2);
    expect(mailsTo(f.c1)[1]!.mail.subject).toBe('Concord digest: 1 update');
    await deliver(new Date(next.getTime() + 72 * HOUR));
    expect(mailsTo(f.c1)).toHaveLength(2);
  });

  it('a reply, a re-review request and an agreement gone stale are each emailed once, linked to the paragraph, quoting at most a short excerpt', async () => {
    await setEmail(f.c1, 'every');
    /** Waits (running the worker) until Ines has `n` emails: the stale-agreement check runs a moment after the edit. */
    const mailsForInes = async (n: number) => {
      await expect
        .poll(async () => {
          await deliver();
          return mailsTo(f.c1).length;
        })
        .toBe(n);
      return mailsTo(f.c1)[n - 1]!.mail;
    };

    // A reply in her thread.
    const thread = await api(server, f.c1.cookie, 'POST', `/api/docs/${f.docId}/threads`, { blockId: 'p2', text: 'Is this funded?' });
    expect(thread.status).toBe(201);
    const replied = await api(server, f.c2.cookie, 'POST', `/api/docs/${f.docId}/threads/${thread.body.thread.id}/replies`, {
      text: 'Yes, from the 2031 budget.',
    });
    expect(replied.status).toBe(201);
    const reply = await mailsForInes(1);
    expect(reply.subject).toBe('A reply in a thread you follow — “Housing report”');
    expect(reply.text).toContain('Tom replied: “Yes, from the 2031 budget.”');
    expect(reply.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-p2`);

    // The author asks her to look at Chapter 2's paragraph again (she has not voted on it).
    const asked = await api(server, f.author.cookie, 'POST', `/api/docs/${f.docId}/blocks/p4/request-review`, {
      message: 'Please look again',
    });
    expect(asked.status).toBe(200);
    const request = await mailsForInes(2);
    expect(request.subject).toBe('Please review a paragraph again — “Housing report”');
    expect(request.text).toContain('Author asks you to review a paragraph again: “Please look again”');
    expect(request.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-p4`);

    // She agreed to Chapter 3's paragraph; the author then makes it long: her agreement goes stale,
    // and the email quotes only its first 120 characters, never the paragraph.
    await agree(server, f, f.c1, 'p5');
    const tail = ' Until then the commission keeps its figures under watch'.repeat(4) + ' and ENDS-HERE.';
    const writer = stockClient(server.url, f.docId, f.author.cookie);
    try {
      await synced(writer);
      const p5 = docFragment(writer.doc)
        .toArray()
        .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === 'p5') as Y.XmlElement;
      const text = p5.get(0) as Y.XmlText;
      text.insert(text.length, tail);
      const stale = await mailsForInes(3);
      expect(stale.subject).toBe('A paragraph you agreed to changed — “Housing report”');
      expect(stale.text).toContain(
        'A paragraph you agreed to has changed; your agreement no longer counts: “Review in five years. Until then',
      );
      expect(stale.text).toContain(`${PUBLIC_URL}/d/${f.docId}#block-p5`);
      const quoted = /“([^”]*)”/.exec(stale.text!)![1]!;
      expect(quoted.length).toBeLessThanOrEqual(120);
      expect(stale.text).not.toContain('ENDS-HERE');
      expect(String(stale.html)).not.toContain('ENDS-HERE');
      for (const mail of [reply, request, stale]) expectInert(String(mail.html));
    } finally {
      writer.destroy();
    }
    // Tom (the digest, the default) and everyone else: nothing yet.
    for (const who of [f.author, f.c2, f.publisher, f.observer, f.outsider]) expect(mailsTo(who), who.user.name).toEqual([]);
  });

  it('an SMTP server refusing connections for a while: the email is sent later, once', async () => {
    await setEmail(f.c1, 'every');
    smtp.accepting = false;
    await openRound({ deadline: inDays(2) });
    await deliver();
    expect(smtp.refused).toBeGreaterThan(0);
    expect(smtp.received).toEqual([]);
    await deliver(later(10 * 60_000)); // still refusing: the next attempt waits longer
    smtp.accepting = true;
    await deliver(later(3 * HOUR));
    await deliver(later(4 * HOUR));
    expect(mailsTo(f.c1)).toHaveLength(1);
  });

  it('an address the SMTP server refuses (550) is given up at once and reported to the author only', async () => {
    await setEmail(f.c1, 'every');
    smtp.unknownAddresses.add(f.c1.user.email.toLowerCase());
    await openRound({ deadline: inDays(2) });
    await deliver();
    await deliver(later(5 * HOUR));
    // Only Ines's mail: five hours on may pass the daily digest (07:00 in Kolkata, 01:30 UTC),
    // and then Tom, who reads digests, rightly gets his.
    expect(mailsTo(f.c1)).toEqual([]);
    const forAuthor = await api(server, f.author.cookie, 'GET', `/api/docs/${f.docId}/rounds`);
    expect(forAuthor.body.mailFailures).toHaveLength(1);
    expect(forAuthor.body.mailFailures[0]).toMatchObject({ recipient: { userId: f.c1.user.id, name: 'Ines' } });
    expect(forAuthor.body.mailFailures[0].error).toMatch(/^550/);
    expect((await api(server, f.c1.cookie, 'GET', `/api/docs/${f.docId}/rounds`)).body.mailFailures).toEqual([]);
  });

  it('an address that keeps failing (450 every time) is retried with back-off, then given up and reported to the author — not retried forever', async () => {
    await setEmail(f.c1, 'every');
    smtp.busyAddresses.add(f.c1.user.email.toLowerCase());
    await openRound({ deadline: inDays(20) });
    // Each run two hours after the last: past the longest back-off (an hour), so every run is one attempt.
    for (let run = 0; run <= MAX_MAIL_ATTEMPTS + 5; run++) await deliver(later(run * 2 * HOUR));
    expect(smtp.recipientsRefused).toBe(MAX_MAIL_ATTEMPTS);
    expect(mailsTo(f.c1)).toEqual([]);
    const forAuthor = await api(server, f.author.cookie, 'GET', `/api/docs/${f.docId}/rounds`);
    expect(forAuthor.body.mailFailures).toHaveLength(1);
    expect(forAuthor.body.mailFailures[0]).toMatchObject({ recipient: { userId: f.c1.user.id, name: 'Ines' } });
    expect(forAuthor.body.mailFailures[0].error).toMatch(/^450/);
    expect((await api(server, f.c1.cookie, 'GET', `/api/docs/${f.docId}/rounds`)).body.mailFailures).toEqual([]);
  });

  it('an unsubscribe link works without signing in: GET asks, POST stops further mail; a forged token is refused', async () => {
    await setEmail(f.c1, 'every');
    await openRound({ deadline: inDays(2), sections: ['h1'] });
    await deliver();
    const link = /https:\/\/concord\.example\.org(\/api\/unsubscribe\?token=[\w.-]+)/.exec(mailsTo(f.c1)[0]!.mail.text!)![1]!;
    const asked = await fetch(`${server.url}${link}`);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Stop email about this document?');
    expect((await api(server, f.c1.cookie, 'GET', '/api/me/notification-settings')).body.settings[0].email).toBe('every');
    const done = await fetch(`${server.url}${link}`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('no more email about “Housing report”');
    expect((await api(server, f.c1.cookie, 'GET', '/api/me/notification-settings')).body.settings[0].email).toBe('none');

    await openRound({ deadline: inDays(3), sections: ['h2'] });
    await api(server, f.c2.cookie, 'POST', `/api/docs/${f.docId}/threads`, { blockId: 'p4', text: '@Ines look' });
    await deliver(later(30 * HOUR));
    expect(mailsTo(f.c1)).toHaveLength(1);

    const token = link.split('token=')[1]!;
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify([f.c2.user.id, f.docId])).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`,
      'nonsense',
    ]) {
      const res = await fetch(`${server.url}/api/unsubscribe?token=${bad}`, { method: 'POST' });
      expect(res.status).toBe(400);
    }
    expect((await api(server, f.c2.cookie, 'GET', '/api/me/notification-settings')).body.settings[0].email).toBe('digest');
  });

  it('nobody outside the document gets its mail; a member removed before sending gets nothing', async () => {
    await setEmail(f.c1, 'every');
    await setEmail(f.c2, 'digest');
    // The outsider is mentioned by name: not a member, never notified, never mailed.
    await api(server, f.c1.cookie, 'POST', `/api/docs/${f.docId}/threads`, { blockId: 'p1', text: '@Out and @Tom see this' });
    smtp.accepting = false;
    await openRound({ deadline: inDays(2) });
    await deliver();
    await server.services.stores.members.removeMember(f.docId, f.c1.user.id);
    await server.services.stores.members.removeMember(f.docId, f.c2.user.id);
    smtp.accepting = true;
    await deliver(later(30 * HOUR));
    for (const who of everyone()) expect(mailsTo(who), who.user.name).toEqual([]);
  });

  it('notification settings: digest by default, per document; only members may set them; bad values refused', async () => {
    const mine = await api(server, f.c1.cookie, 'GET', '/api/me/notification-settings');
    expect(mine.body).toEqual({ mail: { configured: true }, settings: [{ docId: f.docId, docTitle: 'Housing report', email: 'digest' }] });
    expect((await api(server, f.outsider.cookie, 'GET', '/api/me/notification-settings')).body.settings).toEqual([]);
    expect((await api(server, f.outsider.cookie, 'PUT', '/api/me/notification-settings', { docId: f.docId, email: 'every' })).status).toBe(
      404,
    );
    const bad = await api(server, f.c1.cookie, 'PUT', '/api/me/notification-settings', { docId: f.docId, email: 'hourly' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/email/);
    expect((await api(server, undefined, 'GET', '/api/me/notification-settings')).status).toBe(401);
    expect((await setEmail(f.c1, 'none')).settings[0].email).toBe('none');
  });
});
