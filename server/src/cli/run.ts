/**
 * The CLI runner: finds the command, parses its options with `node:util`
 * parseArgs, opens the stores on the server's DATA_DIR (with cli-services.ts, the
 * only CLI modules that hold them), and turns every failure
 * into a one-line message and an exit code (0 ok, 1 failed, 2 usage mistake).
 * No stack traces for mistakes; set CONCORD_DEBUG=1 to see them for surprises.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.js';
import { openSqliteStores } from '../store/open-stores.js';
import { openPgStores } from '../store/open-pg-stores.js';
import { StoreError, type Stores } from '../store/types.js';
import { CliError, UsageError, type CliContext, type CliIO, type Command, type OptionValues } from './command.js';
import { userCommands } from './user-commands.js';
import { docCommands } from './doc-commands.js';
import { memberCommands } from './member-commands.js';
import { commandHelp, mainHelp } from './help.js';
import { PromptAborted } from './password-input.js';
import { cliServices, type CliServices } from './cli-services.js';
import { DomainError } from '../domain/domain-error.js';
import { RedisLink } from '../events/redis-link.js';
import { RedisEventBus } from '../events/redis-event-bus.js';
import type { EventBus } from '../events/event-bus.js';
import { publishingRevocations } from '../auth/session-sockets.js';
import { createLogger } from '../logger.js';

export const COMMANDS: readonly Command[] = [...userCommands, ...docCommands, ...memberCommands];

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export async function runCli(argv: readonly string[], io: CliIO, options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const [group, name, ...rest] = argv;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    for (const line of mainHelp(COMMANDS)) {
      if (group === undefined) io.err(line);
      else io.out(line);
    }
    return group === undefined ? EXIT.usage : EXIT.ok;
  }
  const inGroup = COMMANDS.filter((c) => c.group === group);
  if (inGroup.length === 0) return usage(io, `unknown command "${group}"`, 'concord --help');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    for (const line of mainHelp(inGroup)) {
      if (name === undefined) io.err(line);
      else io.out(line);
    }
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = inGroup.find((c) => c.name === name);
  if (!command) return usage(io, `unknown command "${group} ${name}"`, `concord ${group} --help`);
  if (rest.includes('--help') || rest.includes('-h')) {
    for (const line of commandHelp(command)) io.out(line);
    return EXIT.ok;
  }

  let stores: Stores | undefined;
  let services: CliServices | undefined;
  let redis: RedisLink | undefined;
  let bus: EventBus | undefined;
  try {
    const values = parseOptions(command, rest);
    const config = configFromEnv(env, options.cwd ?? process.cwd());
    const openStores = async (): Promise<Stores> => {
      let opened: Stores;
      if (config.databaseUrl) opened = await openPgStores(config.databaseUrl);
      else {
        if (!command.mayCreateData && !existsSync(config.dbFile)) {
          throw new CliError(`no Concord data in ${config.dataDir} (set DATA_DIR to the server's data directory)`);
        }
        opened = openSqliteStores(config.dbFile);
      }
      stores = opened;
      if (config.redisUrl) {
        // The servers' shared bus: members removed and sessions revoked here are cut off on every server at once.
        redis = await RedisLink.connect(config.redisUrl, createLogger('fatal'));
        bus = await RedisEventBus.start(redis, () => {});
        stores = { ...opened, accounts: publishingRevocations(opened.accounts, bus), close: () => opened.close() };
      }
      return stores;
    };
    const ctx: CliContext = {
      io,
      dataDir: config.dataDir,
      async services() {
        services ??= cliServices(await openStores(), bus);
        return services;
      },
    };
    await command.run(ctx, values);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err.message, `concord ${command.group} ${command.name} --help`);
    if (err instanceof PromptAborted) return EXIT.interrupted;
    io.err(`concord: ${describeFailure(err, env)}`);
    return EXIT.failed;
  } finally {
    // Closing the link sends what is still queued for Redis first.
    await redis?.close();
    await stores?.close();
  }
}

function parseOptions(command: Command, args: string[]): OptionValues {
  let values: OptionValues;
  try {
    values = parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values as OptionValues;
  } catch (err) {
    // parseArgs explains itself well; keep its first sentence.
    throw new UsageError((err as Error).message.split('. ')[0]!);
  }
  for (const name of command.required ?? []) {
    const value = values[name];
    if (value === undefined) throw new UsageError(`--${name} is required`);
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
  }
  return values;
}

function usage(io: CliIO, message: string, helpCommand: string): number {
  io.err(`concord: ${message}`);
  io.err(`Run \`pnpm ${helpCommand}\` for usage.`);
  return EXIT.usage;
}

/** A one-line reason for a failure; stacks only for real surprises, and only on request. */
function describeFailure(err: unknown, env: Record<string, string | undefined>): string {
  if (err instanceof CliError || err instanceof DomainError || err instanceof StoreError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'the database stayed busy for too long; try again';
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return `database error (${code}): ${(err as Error).message}`;
  // Configuration problems (e.g. a malformed DATA_DIR-related setting) come as plain Errors.
  const message = err instanceof Error ? err.message : String(err);
  if (env.CONCORD_DEBUG && err instanceof Error && err.stack) return `${message}\n${err.stack}`;
  return `${message} (set CONCORD_DEBUG=1 for details)`;
}
