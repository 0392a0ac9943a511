/** `concord member add | list | remove`. */
import { ROLES, type Role, type Stores } from '../store/types.js';
import { CliError, UsageError, stringOption, type Command } from './command.js';
import { requireDoc } from './doc-commands.js';
import { requireUserByEmail } from './user-commands.js';
import { formatTable, shortTime } from './table.js';

const LIVE_NOTE =
  'Changes apply to new connections at once. Someone who has the document open in an editor keeps their current access until they reconnect; remove or demote people through the web app to cut them off immediately.';

function parseRole(raw: string): Role {
  const role = raw.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${raw}")`);
  return role as Role;
}

/** Same rule as the web app: a document always keeps at least one author. */
async function assertNotLastAuthor(stores: Stores, docId: string, userId: string): Promise<void> {
  const authors = (await stores.members.listMembers(docId)).filter((m) => m.role === 'author');
  if (authors.length === 1 && authors[0]!.userId === userId) {
    throw new CliError('a document needs at least one author: make someone else author first');
  }
}

export const memberCommands: Command[] = [
  {
    group: 'member',
    name: 'add',
    summary: 'add someone to a document, or change their role',
    usage: `--doc ID --email E --role ${ROLES.join('|')}`,
    details: `Roles: commissioner (edit, vote, comment), author (edit, comment, resolve, manage members), publisher (read, export), observer (read). ${LIVE_NOTE}`,
    options: { doc: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
    required: ['doc', 'email', 'role'],
    async run(ctx, values) {
      const role = parseRole(stringOption(values, 'role'));
      const stores = await ctx.stores();
      const doc = await requireDoc(stores, stringOption(values, 'doc'));
      const user = await requireUserByEmail(stores, stringOption(values, 'email'));
      const existing = await stores.members.roleOf(doc.id, user.id);
      if (existing === role) return ctx.io.out(`${user.email} already is ${role} of "${doc.title}"`);
      if (existing === 'author') await assertNotLastAuthor(stores, doc.id, user.id);
      await stores.members.setMember(doc.id, user.id, role);
      ctx.io.out(
        existing ? `${user.email} is now ${role} of "${doc.title}" (was ${existing})` : `${user.email} is now ${role} of "${doc.title}"`,
      );
    },
  },
  {
    group: 'member',
    name: 'list',
    summary: "list a document's members and their roles",
    usage: '--doc ID',
    options: { doc: { type: 'string' } },
    required: ['doc'],
    async run(ctx, values) {
      const stores = await ctx.stores();
      const doc = await requireDoc(stores, stringOption(values, 'doc'));
      const members = await stores.members.listMembers(doc.id);
      if (members.length === 0) return ctx.io.err(`"${doc.title}" has no members yet.`);
      const users = await Promise.all(members.map((m) => stores.accounts.getUser(m.userId)));
      const rows = members.map((m, i) => [users[i]?.email ?? '(deleted user)', users[i]?.name ?? '', m.role, shortTime(m.addedAt)]);
      for (const line of formatTable(['EMAIL', 'NAME', 'ROLE', 'ADDED'], rows)) ctx.io.out(line);
    },
  },
  {
    group: 'member',
    name: 'remove',
    summary: 'remove someone from a document',
    usage: '--doc ID --email E',
    details: LIVE_NOTE,
    options: { doc: { type: 'string' }, email: { type: 'string' } },
    required: ['doc', 'email'],
    async run(ctx, values) {
      const stores = await ctx.stores();
      const doc = await requireDoc(stores, stringOption(values, 'doc'));
      const user = await requireUserByEmail(stores, stringOption(values, 'email'));
      const existing = await stores.members.roleOf(doc.id, user.id);
      if (!existing) throw new CliError(`${user.email} is not a member of "${doc.title}"`);
      if (existing === 'author') await assertNotLastAuthor(stores, doc.id, user.id);
      await stores.members.removeMember(doc.id, user.id);
      ctx.io.out(`${user.email} is no longer a member of "${doc.title}"`);
    },
  },
];
