/** Creating users and signing them in against a running server, over real HTTP. */
import { addUser } from '@concord/server/auth/accounts';
import { hashPassword, type ScryptCost } from '@concord/server/auth/password';
import type { AccountStore, Role, User } from '@concord/server/store/types';
import type { RunningServer } from '@concord/server/app';

export interface SignedIn {
  user: User;
  cookie: string;
}

let seq = 0;
export const TEST_PASSWORD = 'correct horse battery';

/**
 * Fixture users' password cost: scrypt at N = 2^10 instead of the product's 2^15
 * (PASSWORD_COST). At full cost each user took ~0.1 s quiet and ~3 s on a loaded
 * machine to create and sign in, most of an e2e test's setup. Signing in still
 * runs the product's verifyPassword, at the cost the stored hash records; that
 * new passwords cost PASSWORD_COST is server/test/auth/password.test.ts's. The test
 * servers take it as the current cost (testConfig), so signing in does not re-hash
 * them at PASSWORD_COST (tests/integration/password-rehash.test.ts runs the product's).
 */
export const FIXTURE_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const fixtureHashes = new Map<string, Promise<string>>();

/** A cheap hash of `password`, made once per process and shared by every fixture user with that password. */
function fixturePasswordHash(password: string): Promise<string> {
  let hash = fixtureHashes.get(password);
  if (!hash) fixtureHashes.set(password, (hash = hashPassword(password, FIXTURE_COST)));
  return hash;
}

/** addUser as the product runs it (checks, colour, id), with the fixture's cheap hash. */
export function addFixtureUser(accounts: AccountStore, input: { email: string; name: string; password?: string }): Promise<User> {
  return addUser(accounts, { ...input, password: input.password ?? TEST_PASSWORD }, fixturePasswordHash);
}

export async function createUser(server: RunningServer, name = `User ${++seq}`): Promise<User> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Date.now()}.${++seq}@test.concord`;
  return addFixtureUser(server.services.stores.accounts, { email, name });
}

export async function login(server: RunningServer, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const match = /concord_session=([^;]+)/.exec(setCookie);
  if (!match) throw new Error('no session cookie');
  return `concord_session=${match[1]}`;
}

export async function signedInUser(server: RunningServer, name?: string): Promise<SignedIn> {
  const user = await createUser(server, name);
  return { user, cookie: await login(server, user.email) };
}

export async function api(server: RunningServer, cookie: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as any };
}

/** Creates a document owned by `author` and adds the others with their roles. */
export async function createDocWithMembers(
  server: RunningServer,
  author: SignedIn,
  members: { user: User; role: Role }[] = [],
  title = 'Test document',
): Promise<string> {
  const created = await api(server, author.cookie, 'POST', '/api/docs', { title });
  if (created.status !== 201) throw new Error(`create failed ${created.status}`);
  const id = created.body.id as string;
  for (const m of members) await server.services.stores.members.setMember(id, m.user.id, m.role);
  return id;
}

/** The commission most API tests need: an author, two commissioners, a publisher, an observer, and an outsider. */
export interface Commission {
  author: SignedIn;
  c1: SignedIn;
  c2: SignedIn;
  publisher: SignedIn;
  observer: SignedIn;
  outsider: SignedIn;
}

export async function signedInCommission(server: RunningServer): Promise<Commission> {
  const [author, c1, c2, publisher, observer, outsider] = await Promise.all(
    ['Author', 'Ines', 'Tom', 'Pub', 'Obs', 'Out'].map((n) => signedInUser(server, n)),
  );
  return { author: author!, c1: c1!, c2: c2!, publisher: publisher!, observer: observer!, outsider: outsider! };
}

/** A document of the commission's author with every member but the outsider. */
export function createCommissionDoc(server: RunningServer, people: Commission, title?: string): Promise<string> {
  return createDocWithMembers(
    server,
    people.author,
    [
      { user: people.c1.user, role: 'commissioner' },
      { user: people.c2.user, role: 'commissioner' },
      { user: people.publisher.user, role: 'publisher' },
      { user: people.observer.user, role: 'observer' },
    ],
    title,
  );
}
