/** `concord member add | list | remove`. */
import { ROLES, type Role } from '@concord/shared';
import { CliError, UsageError, stringOption, type Command } from './command.js';
import { CLI_ACTOR } from '../members/member-service.js';
import { requireDoc } from './doc-commands.js';
import { requireUserByEmail } from './user-commands.js';
import { formatTable, shortTime } from './table.js';

const LIVE_NOTE =
  'Changes are recorded in the audit log (as made by the server administrator) and apply at once: a running server closes the open editors of someone removed or given another role within about a second.';

function parseRole(raw: string): Role {
  const role = raw.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${raw}")`);
  return role as Role;
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
      const { documents, accounts, members } = await ctx.services();
      const doc = await requireDoc(documents, stringOption(values, 'doc'));
      const user = await requireUserByEmail(accounts, stringOption(values, 'email'));
      const existing = await members.roleOf(doc.id, user.id);
      if (existing === role) return ctx.io.out(`${user.email} already is ${role} of "${doc.title}"`);
      await members.addByEmail(doc.id, CLI_ACTOR, user.email, role);
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
      const services = await ctx.services();
      const doc = await requireDoc(services.documents, stringOption(values, 'doc'));
      // The same list (and names) as the web's members panel.
      const members = await services.members.list(doc.id);
      if (members.length === 0) return ctx.io.err(`"${doc.title}" has no members yet.`);
      const rows = members.map((m) => [m.email || '-', m.status === 'invited' ? '(invited)' : m.name, m.role, shortTime(m.addedAt)]);
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
      const { documents, accounts, members } = await ctx.services();
      const doc = await requireDoc(documents, stringOption(values, 'doc'));
      const user = await requireUserByEmail(accounts, stringOption(values, 'email'));
      if (!(await members.roleOf(doc.id, user.id))) throw new CliError(`${user.email} is not a member of "${doc.title}"`);
      await members.remove(doc.id, CLI_ACTOR, user.id);
      ctx.io.out(`${user.email} is no longer a member of "${doc.title}"`);
    },
  },
];
