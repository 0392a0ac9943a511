/**
 * The shape of a CLI command and the errors commands throw. Each command declares
 * its options for `node:util` parseArgs; the runner parses, checks required
 * options and prints help, so a command's `run` only does its job.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CliServices } from './cli-services.js';

/** A mistake by whoever typed the command (bad or missing option): exit code 2, usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command could not do what was asked (no such user, already exists …): exit code 1, no stack. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CliIO {
  /** Results (ids, tables): what a script would capture. */
  out(line: string): void;
  /** Notes, hints and errors for the person at the terminal. */
  err(line: string): void;
  /** Reads a password: hidden prompt on a terminal, first line of stdin otherwise. */
  readPassword(prompt: string, options: { confirm: boolean }): Promise<string>;
}

export interface CliContext {
  io: CliIO;
  /** Absolute data dir (DATA_DIR, resolved like the server does). */
  dataDir: string;
  /**
   * The application services (opening the stores on first use; commands that only
   * read refuse a missing database). Commands never touch the stores themselves.
   */
  services(): Promise<CliServices>;
}

export interface Command {
  group: string;
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Options after `concord <group> <name>`, e.g. `--email E [--password P]`. */
  usage: string;
  /** Extra paragraphs for `--help`. */
  details?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Options that must be given. */
  required?: readonly string[];
  /** May create the data dir and database when there is none yet (first user, first document). */
  mayCreateData?: boolean;
  run(ctx: CliContext, values: OptionValues): Promise<void>;
}

/** A string option the runner has already checked is present (listed in `required`). */
export function stringOption(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
