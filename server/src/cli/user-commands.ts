/** `concord user add | list | reset-password`. */
import type { AccountService, User } from '../auth/account-service.js';
import { CliError, optionalString, stringOption, type CliContext, type Command, type OptionValues } from './command.js';
import { formatTable, shortTime } from './table.js';

const PASSWORD_NOTE =
  'Without --password the password is asked for on the terminal (hidden), or read from the first line of standard input when it is not a terminal, e.g. `printf "%s\\n" "$PW" | pnpm concord …`. A password given with --password may end up in your shell history.';

/** The password from --password, or asked for (twice on a terminal). */
async function passwordFrom(ctx: CliContext, values: OptionValues, prompt: string): Promise<string> {
  return optionalString(values, 'password') ?? ctx.io.readPassword(prompt, { confirm: true });
}

export async function requireUserByEmail(accounts: AccountService, email: string): Promise<User> {
  const user = await accounts.byEmail(email);
  if (!user) throw new CliError(`no user with email ${email.trim()} (see \`concord user list\`, or add one with \`concord user add\`)`);
  return user;
}

export const userCommands: Command[] = [
  {
    group: 'user',
    name: 'add',
    summary: 'create an account',
    usage: '--email E --name N [--password P]',
    details: PASSWORD_NOTE,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    required: ['email', 'name'],
    mayCreateData: true,
    async run(ctx, values) {
      const { accounts } = await ctx.services();
      const email = stringOption(values, 'email');
      // Check before asking for a password: nobody should type one twice for nothing.
      if (await accounts.byEmail(email)) throw new CliError(`a user with email ${email.trim().toLowerCase()} already exists`);
      const password = await passwordFrom(ctx, values, `Password for ${email.trim()}`);
      const { user, invitedTo } = await accounts.add({ email, name: stringOption(values, 'name'), password });
      ctx.io.out(`Added user ${user.email} (${user.name}), id ${user.id}`);
      if (invitedTo > 0) ctx.io.out(`Invitations waiting for ${user.email}: now a member of ${invitedTo} document(s)`);
    },
  },
  {
    group: 'user',
    name: 'list',
    summary: 'list every account',
    usage: '',
    options: {},
    async run(ctx) {
      const users = await (await ctx.services()).accounts.list();
      if (users.length === 0) return ctx.io.err('No users yet. Add one with `concord user add --email E --name N`.');
      for (const line of formatTable(
        ['EMAIL', 'NAME', 'ID', 'CREATED'],
        users.map((u) => [u.email, u.name, u.id, shortTime(u.createdAt)]),
      ))
        ctx.io.out(line);
    },
  },
  {
    group: 'user',
    name: 'reset-password',
    summary: 'set a new password and sign the user out everywhere',
    usage: '--email E [--password P]',
    details: `Every session of the user is revoked, including open editors, which must sign in again. ${PASSWORD_NOTE}`,
    options: { email: { type: 'string' }, password: { type: 'string' } },
    required: ['email'],
    async run(ctx, values) {
      const { accounts } = await ctx.services();
      const user = await requireUserByEmail(accounts, stringOption(values, 'email'));
      const password = await passwordFrom(ctx, values, `New password for ${user.email}`);
      await accounts.resetPassword(user.id, password); // also revokes every session
      ctx.io.out(`Password changed for ${user.email}; every session of theirs is signed out.`);
    },
  },
];
