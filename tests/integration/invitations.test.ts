/**
 * Issue 12, Low: adding members by email must not tell which emails have accounts.
 * Against the real server (HTTP, a real sync socket, the real CLI beside it): a
 * known and an unknown email answer alike and list alike until the invitee opens
 * the document; an invitation for an email with no account becomes a membership
 * when that account is created; invitations are changed and revoked like members;
 * they are rate-limited per author; only authors may make them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, login, signedInUser, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { runCliProcess } from '../helpers/process.js';
import { stockClient, waitFor, type StockClient } from '../helpers/yclient.js';
import { INVITATIONS_PER_HOUR } from '@concord/server/members/invitation-service';
import { inviteEachTwiceAtOnce } from './support/parallel-invitations.js';

let server: TestServer;
const clients: StockClient[] = [];
let unique = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => server?.dispose());

/** An address no account has (yet). */
const nobody = () => `nobody.${Date.now()}.${++unique}@test.concord`;
const invite = (by: SignedIn, docId: string, email: string, role = 'commissioner') =>
  api(server, by.cookie, 'POST', `/api/docs/${docId}/members`, { email, role });
const membersOf = async (by: SignedIn, docId: string) =>
  (await api(server, by.cookie, 'GET', `/api/docs/${docId}/members`)).body.members as Record<string, unknown>[];

/** The parts of an answer that differ between two invitations whatever the email: ids, times, the echoed email. */
function normalized(body: unknown, email: string): unknown {
  return JSON.parse(
    JSON.stringify(body, (key, value: unknown) =>
      key === 'id' || key === 'invitationId' || key === 'addedAt'
        ? value === null
          ? null
          : '<varies>'
        : value === email
          ? '<email>'
          : value,
    ),
  );
}

describe('invitations answer alike for known and unknown emails (issue 12)', { timeout: 120_000 }, () => {
  it('same status, same keys, same body but for the echoed email; the same list and audit entry', async () => {
    const author = await signedInUser(server, 'Author');
    const known = await signedInUser(server, 'Kim Known');
    const unknown = nobody();
    const [docA, docB] = [await createDocWithMembers(server, author), await createDocWithMembers(server, author)];

    const a = await invite(author, docA, known.user.email);
    const b = await invite(author, docB, unknown);
    expect(a.status).toBe(201);
    expect(b.status).toBe(a.status);
    expect(Object.keys(a.body).sort()).toEqual(['invitation', 'members']);
    expect(Object.keys(b.body).sort()).toEqual(Object.keys(a.body).sort());
    expect(Object.keys(b.body.invitation).sort()).toEqual(Object.keys(a.body.invitation).sort());
    expect(a.body.invitation).toMatchObject({ email: known.user.email, role: 'commissioner', status: 'invited' });
    expect(normalized(b.body, unknown)).toEqual(normalized(a.body, known.user.email));
    // Nothing of the account: no id, no name, no colour of its own.
    expect(JSON.stringify(a.body)).not.toContain(known.user.id);
    expect(JSON.stringify(a.body)).not.toContain('Kim Known');

    expect(normalized(await membersOf(author, docB), unknown)).toEqual(normalized(await membersOf(author, docA), known.user.email));
    const invitedEntries = async (docId: string, email: string) => {
      const entries = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).body.entries as Record<string, unknown>[];
      return normalized(
        entries.filter((e) => e.action === 'member.invited').map((e) => ({ ...e, seq: 0, at: '', docId: '' })),
        email,
      );
    };
    expect(await invitedEntries(docB, unknown)).toEqual(await invitedEntries(docA, known.user.email));
    expect(await invitedEntries(docA, known.user.email)).toHaveLength(1);

    // Inviting again changes the role: 200, alike too.
    const a2 = await invite(author, docA, known.user.email.toUpperCase(), 'observer');
    const b2 = await invite(author, docB, unknown.toUpperCase(), 'observer');
    expect([a2.status, b2.status]).toEqual([200, 200]);
    expect(a2.body.invitation).toMatchObject({ id: a.body.invitation.id, email: known.user.email, role: 'observer', status: 'invited' });
    expect(normalized(b2.body, unknown)).toEqual(normalized(a2.body, known.user.email));
    // What no account could have is refused, before any lookup.
    expect((await invite(author, docA, 'not an address')).status).toBe(400);
  });

  it('lists the invitee by the email as typed, without a name, until they open the document; the existing account has access at once', async () => {
    const author = await signedInUser(server, 'Author');
    const kim = await signedInUser(server, 'Kim Invitee');
    const docId = await createDocWithMembers(server, author);
    const typed = kim.user.email.toUpperCase();
    const made = await invite(author, docId, typed, 'commissioner');
    expect(made.status).toBe(201);
    const invitationId = made.body.invitation.id as string;

    const entry = (await membersOf(author, docId)).find((m) => m.invitationId === invitationId);
    expect(entry).toEqual({
      userId: '',
      name: '',
      email: typed,
      color: '#888',
      role: 'commissioner',
      addedAt: made.body.invitation.addedAt,
      status: 'invited',
      invitationId,
    });
    // An invited commissioner does not count yet (counting them would tell who has an account).
    expect((await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.commissioners).toEqual([]);
    // Nor does an invited author keep the document managed: the only author may not step down.
    await invite(author, docId, (await signedInUser(server, 'Second Author')).user.email, 'author');
    expect((await api(server, author.cookie, 'PATCH', `/api/docs/${docId}/members/${author.user.id}`, { role: 'observer' })).status).toBe(
      409,
    );

    // Kim's document list has it already, with the role (nothing that worked before stops working).
    const kimsDocs = (await api(server, kim.cookie, 'GET', '/api/docs')).body.docs as { id: string; role: string }[];
    expect(kimsDocs.find((d) => d.id === docId)?.role).toBe('commissioner');
    expect((await membersOf(author, docId)).find((m) => m.invitationId === invitationId)?.status).toBe('invited');

    // Opening it accepts: now listed by name, counted, and the accepted invitation is no longer one.
    expect((await api(server, kim.cookie, 'GET', `/api/docs/${docId}`)).status).toBe(200);
    const joined = (await membersOf(author, docId)).find((m) => m.userId === kim.user.id);
    expect(joined).toMatchObject({
      name: 'Kim Invitee',
      email: kim.user.email,
      role: 'commissioner',
      status: 'member',
      invitationId: null,
    });
    expect((await membersOf(author, docId)).some((m) => m.invitationId === invitationId)).toBe(false);
    expect((await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.commissioners).toEqual([
      { userId: kim.user.id, name: 'Kim Invitee' },
    ]);
    const audit = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).body.entries as Record<string, unknown>[];
    expect(
      audit.filter((e) => e.action === 'member.joined').map((e) => [e.actorId, (e.details as { invitationId: string }).invitationId]),
    ).toEqual([[kim.user.id, invitationId]]);
    expect((await api(server, author.cookie, 'PATCH', `/api/docs/${docId}/invitations/${invitationId}`, { role: 'observer' })).status).toBe(
      404,
    );
  });

  it('opening the document in the editor (a sync socket) accepts too', async () => {
    const author = await signedInUser(server, 'Author');
    const sam = await signedInUser(server, 'Sam Socket');
    const docId = await createDocWithMembers(server, author);
    expect((await invite(author, docId, sam.user.email, 'observer')).status).toBe(201);
    const client = stockClient(server.url, docId, sam.cookie);
    clients.push(client);
    await waitFor(() => client.provider.synced, 30_000, 'the invitee synced');
    expect((await membersOf(author, docId)).find((m) => m.userId === sam.user.id)).toMatchObject({ name: 'Sam Socket', status: 'member' });
  });

  it('an invitation for an email with no account becomes a membership when `concord user add` creates it', async () => {
    const author = await signedInUser(server, 'Author');
    const docId = await createDocWithMembers(server, author, [], 'Waiting for Nia');
    const email = nobody();
    const typed = email.replace('nobody', 'Nobody');
    const made = await invite(author, docId, typed, 'commissioner');
    expect(made.status).toBe(201);

    const added = await runCliProcess(['user', 'add', '--email', email, '--name', 'Nia Newcomer', '--password', TEST_PASSWORD], {
      env: { DATA_DIR: server.dataDir },
    });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain(`Invitations waiting for ${email}: now a member of 1 document(s)`);

    // Still the same invited entry for the others: they are not told when the account appeared.
    const entry = (await membersOf(author, docId)).find((m) => m.invitationId === made.body.invitation.id);
    expect(entry).toMatchObject({ email: typed, name: '', userId: '', status: 'invited', role: 'commissioner' });

    const nia = { cookie: await login(server, email) };
    const docs = (await api(server, nia.cookie, 'GET', '/api/docs')).body.docs as { id: string; title: string; role: string }[];
    expect(docs.map((d) => [d.id, d.title, d.role])).toEqual([[docId, 'Waiting for Nia', 'commissioner']]);
    expect((await api(server, nia.cookie, 'GET', `/api/docs/${docId}`)).status).toBe(200);
    expect((await membersOf(author, docId)).find((m) => m.name === 'Nia Newcomer')).toMatchObject({
      email,
      status: 'member',
      role: 'commissioner',
    });
  });

  it('changes and revokes invitations of both kinds; a revoked invitee with an account loses access', async () => {
    const author = await signedInUser(server, 'Author');
    const kay = await signedInUser(server, 'Kay Revoked');
    const docId = await createDocWithMembers(server, author);
    const unknown = nobody();
    const ids = [
      (await invite(author, docId, kay.user.email)).body.invitation.id,
      (await invite(author, docId, unknown)).body.invitation.id,
    ];
    for (const id of ids) {
      const changed = await api(server, author.cookie, 'PATCH', `/api/docs/${docId}/invitations/${id}`, { role: 'publisher' });
      expect(changed.status).toBe(200);
      expect((changed.body.members as Record<string, unknown>[]).find((m) => m.invitationId === id)?.role).toBe('publisher');
    }
    expect((await api(server, kay.cookie, 'GET', '/api/docs')).body.docs.map((d: { id: string }) => d.id)).toContain(docId);

    for (const id of ids) {
      const revoked = await api(server, author.cookie, 'DELETE', `/api/docs/${docId}/invitations/${id}`);
      expect(revoked.status).toBe(200);
      expect((revoked.body.members as Record<string, unknown>[]).some((m) => m.invitationId === id)).toBe(false);
      expect((await api(server, author.cookie, 'DELETE', `/api/docs/${docId}/invitations/${id}`)).status).toBe(404);
    }
    expect((await membersOf(author, docId)).map((m) => m.userId)).toEqual([author.user.id]);
    expect((await api(server, kay.cookie, 'GET', `/api/docs/${docId}`)).status).toBe(404);
    expect((await api(server, kay.cookie, 'GET', '/api/docs')).body.docs).toEqual([]);
    const audit = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).body.entries as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.filter((e) => e.action.startsWith('invitation.')).map((e) => [e.action, e.details.invitationId])).toEqual([
      ['invitation.changed', ids[0]],
      ['invitation.changed', ids[1]],
      ['invitation.revoked', ids[0]],
      ['invitation.revoked', ids[1]],
    ]);
    // Revoked for good: creating the account later gives nothing.
    await runCliProcess(['user', 'add', '--email', unknown, '--name', 'Late', '--password', TEST_PASSWORD], {
      env: { DATA_DIR: server.dataDir },
    });
    expect((await api(server, await login(server, unknown), 'GET', '/api/docs')).body.docs).toEqual([]);
  });

  it('adding an existing member again changes their role, as before (the author sees that email in the list already)', async () => {
    const author = await signedInUser(server, 'Author');
    const mia = await signedInUser(server, 'Mia Member');
    const docId = await createDocWithMembers(server, author, [{ user: mia.user, role: 'observer' }]);
    const again = await invite(author, docId, mia.user.email, 'commissioner');
    expect(again.status).toBe(200);
    expect(again.body.invitation).toMatchObject({ id: null, email: mia.user.email, role: 'commissioner', status: 'member' });
    expect((again.body.members as Record<string, unknown>[]).find((m) => m.userId === mia.user.id)).toMatchObject({
      role: 'commissioner',
      status: 'member',
    });
  });
});

describe('the same email invited twice at once', { timeout: 120_000 }, () => {
  it('one request makes the invitation (201), the other answers as a re-invitation (200), never 500', async () => {
    const author = await signedInUser(server, 'Author');
    const docId = await createDocWithMembers(server, author);
    const known = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => signedInUser(server, `Twice ${n}`)));
    await inviteEachTwiceAtOnce(server, author, docId, [...known.map((k) => k.user.email), nobody(), nobody()]);
  });
});

describe('who may invite, and how often', { timeout: 120_000 }, () => {
  it(`an author makes at most ${INVITATIONS_PER_HOUR} invitations an hour, known emails or not; then 429 for any email`, async () => {
    const author = await signedInUser(server, 'Busy Author');
    const known = await signedInUser(server, 'Known');
    const docId = await createDocWithMembers(server, author);
    for (let i = 0; i < INVITATIONS_PER_HOUR - 1; i++) expect((await invite(author, docId, nobody(), 'observer')).status).toBe(201);
    expect((await invite(author, docId, known.user.email, 'observer')).status).toBe(201);
    for (const email of [nobody(), (await signedInUser(server, 'Another')).user.email]) {
      const res = await fetch(`${server.url}/api/docs/${docId}/members`, {
        method: 'POST',
        headers: { cookie: author.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ email, role: 'observer' }),
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // Per author: another author is not held up.
    const other = await signedInUser(server, 'Other Author');
    expect((await invite(other, await createDocWithMembers(server, other), nobody())).status).toBe(201);
  });

  it('only a role that manages members may invite, change or revoke; others change nothing', async () => {
    const author = await signedInUser(server, 'Author');
    const [commissioner, publisher, observer, outsider] = await Promise.all(
      ['Cleo', 'Pia', 'Otto', 'Oscar'].map((n) => signedInUser(server, n)),
    );
    const docId = await createDocWithMembers(server, author, [
      { user: commissioner.user, role: 'commissioner' },
      { user: publisher.user, role: 'publisher' },
      { user: observer.user, role: 'observer' },
    ]);
    const id = (await invite(author, docId, nobody(), 'observer')).body.invitation.id as string;
    const before = await membersOf(author, docId);
    for (const [who, status] of [
      [commissioner, 403],
      [publisher, 403],
      [observer, 403],
      [outsider, 404],
    ] as const) {
      expect((await invite(who, docId, nobody())).status).toBe(status);
      expect((await api(server, who.cookie, 'PATCH', `/api/docs/${docId}/invitations/${id}`, { role: 'author' })).status).toBe(status);
      expect((await api(server, who.cookie, 'DELETE', `/api/docs/${docId}/invitations/${id}`)).status).toBe(status);
    }
    expect(await membersOf(author, docId)).toEqual(before);
  });
});
