/**
 * The CLI in-process: every command against a real SQLite file in a temp dir.
 * (tests/integration/cli.test.ts runs the real process, also next to a live server.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { openSqliteStores } from '../../src/store/open-stores.js';
import { verifyPassword } from '../../src/auth/password.js';
import { hashToken } from '../../src/auth/sessions.js';
import { CliError } from '../../src/cli/command.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'concord-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

interface Result {
  code: number;
  out: string[];
  err: string[];
  prompts: string[];
}

/** Runs one command; `passwords` answers password prompts in order. */
async function cli(args: string[], passwords: (string | Error)[] = []): Promise<Result> {
  const result: Result = { code: -1, out: [], err: [], prompts: [] };
  result.code = await runCli(
    args,
    {
      out: (l) => result.out.push(l),
      err: (l) => result.err.push(l),
      readPassword: async (prompt) => {
        result.prompts.push(prompt);
        const next = passwords.shift();
        if (next === undefined) throw new Error('unexpected prompt');
        if (next instanceof Error) throw next;
        return next;
      },
    },
    { env: { DATA_DIR: dataDir }, cwd: '/' },
  );
  return result;
}

function withStores<T>(fn: (stores: ReturnType<typeof openSqliteStores>) => Promise<T>): Promise<T> {
  const stores = openSqliteStores(join(dataDir, 'concord.sqlite'));
  return fn(stores).finally(() => stores.close());
}

const addAda = () => cli(['user', 'add', '--email', 'Ada@Example.org', '--name', 'Ada Lovelace', '--password', 'analytical engine']);

describe('help and usage', () => {
  it('prints the command list for --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    for (const c of [
      'user add',
      'user list',
      'user reset-password',
      'doc create',
      'doc list',
      'member add',
      'member list',
      'member remove',
    ])
      expect(text).toContain(c);
  });

  it("prints one command's usage for `<command> --help`", async () => {
    const r = await cli(['member', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('Usage: pnpm concord member add --doc ID --email E --role commissioner|author|publisher|observer');
  });

  it('exits 2 with a hint, and no stack, on unknown commands and options', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['user', 'delete'],
      ['user', 'add', '--mail', 'x'],
      ['user', 'list', 'extra'],
      ['user', 'add', '--email'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
    }
    const r = await cli(['user', 'add', '--mail', 'x']);
    expect(r.err).toEqual(["concord: Unknown option '--mail'", 'Run `pnpm concord user add --help` for usage.']);
  });

  it('names a missing required option', async () => {
    const r = await cli(['user', 'add', '--email', 'a@b.org']);
    expect(r).toMatchObject({ code: 2, err: ['concord: --name is required', expect.any(String)] });
  });
});

describe('user', () => {
  it('adds a user with a hashed password; the email is stored lower-case', async () => {
    const r = await addAda();
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^Added user ada@example\.org \(Ada Lovelace\), id u_/);
    await withStores(async (stores) => {
      const user = (await stores.accounts.getUserByEmail('ada@example.org'))!;
      expect(user.name).toBe('Ada Lovelace');
      expect(user.passwordHash).not.toContain('analytical');
      expect(await verifyPassword('analytical engine', user.passwordHash)).toBe(true);
    });
  });

  it('asks for the password (confirmed) when --password is omitted', async () => {
    const r = await cli(['user', 'add', '--email', 'bob@example.org', '--name', 'Bob'], ['hunter2hunter2']);
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual(['Password for bob@example.org']);
    await withStores(async (stores) =>
      expect(await verifyPassword('hunter2hunter2', (await stores.accounts.getUserByEmail('bob@example.org'))!.passwordHash)).toBe(true),
    );
  });

  it('refuses a duplicate email in any case before asking for a password', async () => {
    await addAda();
    const r = await cli(['user', 'add', '--email', 'ADA@example.org', '--name', 'Other']);
    expect(r).toMatchObject({ code: 1, err: ['concord: a user with email ada@example.org already exists'], prompts: [] });
  });

  it('explains bad input without a stack', async () => {
    const cases: [string[], string][] = [
      [['user', 'add', '--email', 'not-an-email', '--name', 'X', '--password', 'long enough'], '"not-an-email" is not an email address'],
      [['user', 'add', '--email', 'x@y.org', '--name', 'X', '--password', 'short'], 'password must be at least 8 characters'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([`concord: ${message}`]);
    }
    expect(
      (await cli(['user', 'add', '--email', 'x@y.org', '--name', 'X'], [new CliError('the passwords do not match; nothing was changed')]))
        .err,
    ).toEqual(['concord: the passwords do not match; nothing was changed']);
    await withStores(async (stores) => expect(await stores.accounts.listUsers()).toEqual([]));
  });

  it('lists users', async () => {
    await addAda();
    await cli(['user', 'add', '--email', 'bob@example.org', '--name', 'Bob', '--password', 'bob password']);
    const r = await cli(['user', 'list']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^EMAIL\s+NAME\s+ID\s+CREATED$/);
    expect(r.out.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['ada@example.org', 'bob@example.org']);
  });

  it('resets a password and signs the user out everywhere', async () => {
    await addAda();
    await withStores(async (stores) => {
      const user = (await stores.accounts.getUserByEmail('ada@example.org'))!;
      await stores.accounts.createSession({
        tokenHash: hashToken('t1'),
        userId: user.id,
        createdAt: new Date().toISOString(),
        expiresAt: '2999-01-01T00:00:00.000Z',
      });
    });
    const r = await cli(['user', 'reset-password', '--email', 'ADA@example.org'], ['a new password']);
    expect(r.code).toBe(0);
    await withStores(async (stores) => {
      const user = (await stores.accounts.getUserByEmail('ada@example.org'))!;
      expect(await verifyPassword('a new password', user.passwordHash)).toBe(true);
      expect(await verifyPassword('analytical engine', user.passwordHash)).toBe(false);
      expect(await stores.accounts.getSession(hashToken('t1'))).toBeUndefined();
    });
    expect((await cli(['user', 'reset-password', '--email', 'nobody@example.org', '--password', 'whatever123'])).err).toEqual([
      'concord: no user with email nobody@example.org (see `concord user list`, or add one with `concord user add`)',
    ]);
  });

  it('refuses to read from a data dir that has no database, and creates nothing', async () => {
    const r = await cli(['user', 'list']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain(`no Concord data in ${dataDir}`);
  });
});

describe('doc', () => {
  it('creates a document, printing only its id; --author makes that user author', async () => {
    await addAda();
    const r = await cli(['doc', 'create', '--title', '  Annual report ', '--author', 'ada@example.org']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const id = r.out[0]!;
    expect(id).toMatch(/^d_[\w-]+$/);
    await withStores(async (stores) => {
      const ada = (await stores.accounts.getUserByEmail('ada@example.org'))!;
      expect(await stores.docs.getDoc(id)).toMatchObject({ title: 'Annual report', createdBy: ada.id });
      expect(await stores.members.roleOf(id, ada.id)).toBe('author');
    });
  });

  it('creates a document without members when no author is given', async () => {
    const r = await cli(['doc', 'create', '--title', 'Orphan']);
    expect(r.code).toBe(0);
    await withStores(async (stores) => {
      expect(await stores.docs.getDoc(r.out[0]!)).toMatchObject({ title: 'Orphan', createdBy: null });
      expect(await stores.members.listMembers(r.out[0]!)).toEqual([]);
    });
  });

  it('refuses an empty or overlong title and an unknown author, creating nothing', async () => {
    expect((await cli(['doc', 'create', '--title', '   '])).code).toBe(2);
    expect((await cli(['doc', 'create', '--title', 'x'.repeat(201)])).err).toEqual(['concord: title must be at most 200 characters']);
    const r = await cli(['doc', 'create', '--title', 'T', '--author', 'ghost@example.org']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('no user with email ghost@example.org');
    await withStores(async (stores) => expect(await stores.docs.listDocs()).toEqual([]));
  });

  it('lists documents with their member counts', async () => {
    await addAda();
    const a = (await cli(['doc', 'create', '--title', 'First', '--author', 'ada@example.org'])).out[0]!;
    const r = await cli(['doc', 'list']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ID\s+TITLE\s+UPDATED\s+MEMBERS$/);
    expect(r.out[1]).toMatch(new RegExp(`^${a}\\s+First\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+1$`));
  });
});

describe('member', () => {
  let docId: string;
  beforeEach(async () => {
    await addAda();
    await cli(['user', 'add', '--email', 'bob@example.org', '--name', 'Bob', '--password', 'bob password']);
    docId = (await cli(['doc', 'create', '--title', 'Report', '--author', 'ada@example.org'])).out[0]!;
  });
  const roles = () =>
    withStores(async (stores) => {
      const members = await stores.members.listMembers(docId);
      const users = await Promise.all(members.map((m) => stores.accounts.getUser(m.userId)));
      return Object.fromEntries(members.map((m, i) => [users[i]!.email, m.role]));
    });

  it('adds a member, changes the role, lists and removes', async () => {
    expect(await cli(['member', 'add', '--doc', docId, '--email', 'BOB@example.org', '--role', 'commissioner'])).toMatchObject({
      code: 0,
      out: ['bob@example.org is now commissioner of "Report"'],
    });
    expect(await roles()).toEqual({ 'ada@example.org': 'author', 'bob@example.org': 'commissioner' });
    expect((await cli(['member', 'add', '--doc', docId, '--email', 'bob@example.org', '--role', 'observer'])).out).toEqual([
      'bob@example.org is now observer of "Report" (was commissioner)',
    ]);
    const list = await cli(['member', 'list', '--doc', docId]);
    expect(list.out[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+ADDED$/);
    expect(list.out.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['ada@example.org', 'Ada Lovelace', 'author'],
        ['bob@example.org', 'Bob', 'observer'],
      ]),
    );
    expect((await cli(['member', 'remove', '--doc', docId, '--email', 'bob@example.org'])).code).toBe(0);
    expect(await roles()).toEqual({ 'ada@example.org': 'author' });
    expect((await cli(['member', 'remove', '--doc', docId, '--email', 'bob@example.org'])).err).toEqual([
      'concord: bob@example.org is not a member of "Report"',
    ]);
  });

  it('refuses unknown roles, documents and users without changing anything', async () => {
    const bad = [
      {
        args: ['member', 'add', '--doc', docId, '--email', 'bob@example.org', '--role', 'king'],
        code: 2,
        message: '--role must be one of commissioner, author, publisher, observer (got "king")',
      },
      {
        args: ['member', 'add', '--doc', 'd_nope', '--email', 'bob@example.org', '--role', 'observer'],
        code: 1,
        message: 'no document with id d_nope (see `concord doc list`)',
      },
      {
        args: ['member', 'add', '--doc', docId, '--email', 'eve@example.org', '--role', 'observer'],
        code: 1,
        message: 'no user with email eve@example.org',
      },
      { args: ['member', 'list', '--doc', 'd_nope'], code: 1, message: 'no document with id d_nope' },
    ];
    for (const { args, code, message } of bad) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err[0]).toContain(message);
    }
    expect(await roles()).toEqual({ 'ada@example.org': 'author' });
  });

  it('keeps at least one author', async () => {
    expect((await cli(['member', 'add', '--doc', docId, '--email', 'ada@example.org', '--role', 'observer'])).err).toEqual([
      'concord: a document needs at least one author: make someone else author first',
    ]);
    expect((await cli(['member', 'remove', '--doc', docId, '--email', 'ada@example.org'])).code).toBe(1);
    expect(await roles()).toEqual({ 'ada@example.org': 'author' });
    await cli(['member', 'add', '--doc', docId, '--email', 'bob@example.org', '--role', 'author']);
    expect((await cli(['member', 'remove', '--doc', docId, '--email', 'ada@example.org'])).code).toBe(0);
    expect(await roles()).toEqual({ 'bob@example.org': 'author' });
  });
});
