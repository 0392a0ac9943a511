/**
 * The same email invited twice at the same moment (two POST /api/docs/:id/members
 * in flight together; issue 12's invitations): one makes the invitation (201),
 * the other answers as a re-invitation does (200), never 500. Several emails at
 * once, known and unknown alike, so that the two requests of a pair interleave
 * between the service's lookup and its insert in at least some pairs. On
 * PostgreSQL (every query a round trip) they do: before the fix some pairs
 * answered 201 and 500. On SQLite the store's calls are synchronous, so one
 * process's requests do not interleave there; the SQLite run is a guard.
 *
 * The audit log keeps one `member.invited` entry per email, naming the invitation
 * that was stored: before the fix, the losing request of an unknown email's pair
 * wrote its own entry too, for an invitation id that never existed.
 */
import { expect } from 'vitest';
import type { RunningServer } from '@concord/server/app';
import { api, type SignedIn } from '../../helpers/users.js';

export async function inviteEachTwiceAtOnce(server: RunningServer, author: SignedIn, docId: string, emails: string[]): Promise<void> {
  const invite = (email: string) => api(server, author.cookie, 'POST', `/api/docs/${docId}/members`, { email, role: 'commissioner' });
  const answers = await Promise.all(emails.flatMap((email) => [invite(email), invite(email)]));
  for (const [i, email] of emails.entries()) {
    const pair = [answers[2 * i]!, answers[2 * i + 1]!];
    expect(pair.map((a) => a.status).sort(), `${email}: ${JSON.stringify(pair.map((a) => a.body))}`).toEqual([200, 201]);
    for (const a of pair) expect(a.body.invitation).toMatchObject({ email, role: 'commissioner', status: 'invited' });
  }
  const listed = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/members`)).body.members as Listed[];
  const audit = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).body.entries as AuditJson[];
  for (const email of emails) {
    const entries = listed.filter((m) => m.email === email);
    expect(entries, email).toHaveLength(1);
    const invited = audit.filter((e) => e.action === 'member.invited' && e.details.email === email);
    expect(
      invited.map((e) => e.details.invitationId),
      email,
    ).toEqual([entries[0]!.invitationId]);
  }
}

interface Listed {
  email: string;
  invitationId: string | null;
}

interface AuditJson {
  action: string;
  details: Record<string, unknown>;
}
