/**
 * Issue 12 #11: sign-in limits used as a weapon. Ten wrong passwords from anyone
 * used to lock the victim out for 15 minutes, and fifty failures from one
 * address blocked every sign-in from it (behind a proxy: everyone). Now failures
 * back off briefly per (email, client address) and per address, and behind a
 * trusted proxy the forwarded address is the client. Real server, real sockets;
 * the different client addresses are real source addresses on the loopback
 * network (127.0.0.x). The back-off's clock is the test's: it moves only when a
 * test says so, so a slow machine cannot let a wait run out between two requests.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createUser, TEST_PASSWORD } from '../../helpers/users.js';

interface Attempt {
  status: number;
  retryAfter: string | null;
}

/** POST /api/auth/login from the source address `from`, optionally through a claimed X-Forwarded-For. */
function login(server: TestServer, from: string, email: string, password: string, forwardedFor?: string): Promise<Attempt> {
  const body = JSON.stringify({ email, password });
  const url = new URL('/api/auth/login', server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string) ?? null }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A clock that stands still until `advance`: the server's sign-in back-off reads it. */
function manualClock() {
  let now = Date.now();
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('sign-in limits cannot lock a real user out (issue 12 #11)', () => {
  let server: TestServer;
  const clock = manualClock();
  beforeAll(async () => {
    server = await startTestServer({ signInClock: clock.now });
  });
  afterAll(async () => server?.dispose());

  it('ten wrong passwords for the victim from two other addresses do not stop the victim signing in from theirs', async () => {
    const victim = await createUser(server, 'Victim');
    const statuses: number[] = [];
    for (const from of ['127.0.0.2', '127.0.0.3'])
      for (let i = 0; i < 5; i++) statuses.push((await login(server, from, victim.email, `guess ${i}`)).status);
    // Ten failures for one email: the old limit locked the victim out here for 15 minutes.
    expect(statuses).toEqual(Array(10).fill(401));
    expect((await login(server, '127.0.0.1', victim.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('the same email and address backs off for seconds that double, then the right password works', async () => {
    const user = await createUser(server, 'Forgetful');
    const from = '127.0.0.4';
    for (let i = 0; i < 5; i++) expect((await login(server, from, user.email, `wrong ${i}`)).status).toBe(401);
    const first = await login(server, from, user.email, TEST_PASSWORD);
    expect(first).toEqual({ status: 429, retryAfter: '1' });
    clock.advance(999);
    expect((await login(server, from, user.email, TEST_PASSWORD)).status).toBe(429);
    clock.advance(1);
    expect((await login(server, from, user.email, 'wrong again')).status).toBe(401);
    const second = await login(server, from, user.email, TEST_PASSWORD);
    expect(second).toEqual({ status: 429, retryAfter: '2' });
    clock.advance(1999);
    expect((await login(server, from, user.email, TEST_PASSWORD)).status).toBe(429);
    clock.advance(1);
    expect((await login(server, from, user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: a forged one does not reset the count', async () => {
    const user = await createUser(server, 'Forged');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(server, '127.0.0.5', user.email, `wrong ${i}`, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('fifty failures over many accounts from one address slow that address only', async () => {
    const bystander = await createUser(server, 'Bystander');
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const round = Array.from({ length: 5 }, (_, i) => login(server, '127.0.0.6', `spray-${batch}-${i}@test.concord`, 'guess'));
      statuses.push(...(await Promise.all(round)).map((a) => a.status));
    }
    expect(statuses).toEqual(Array(50).fill(401));
    const next = await login(server, '127.0.0.6', bystander.email, TEST_PASSWORD);
    expect(next.status).toBe(429);
    expect(Number(next.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await login(server, '127.0.0.7', bystander.email, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('behind a trusted proxy (TRUSTED_PROXIES)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUSTED_PROXIES: '127.0.0.8' }, signInClock: manualClock().now });
  });
  afterAll(async () => server?.dispose());

  it('the forwarded address is the client: an attacker behind the proxy does not slow the victim behind it', async () => {
    const victim = await createUser(server, 'Proxied victim');
    const proxy = '127.0.0.8';
    for (let i = 0; i < 5; i++) expect((await login(server, proxy, victim.email, `guess ${i}`, '203.0.113.7')).status).toBe(401);
    expect((await login(server, proxy, victim.email, TEST_PASSWORD, '203.0.113.7')).status).toBe(429);
    // Each proxy appends what it saw: the rightmost untrusted hop counts, whatever the client put before it.
    expect((await login(server, proxy, victim.email, TEST_PASSWORD, '203.0.113.7, 198.51.100.9')).status).toBe(200);
  });

  it('a client that is not the trusted proxy cannot claim an address', async () => {
    const user = await createUser(server, 'Direct');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(server, '127.0.0.9', user.email, `wrong ${i}`, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
