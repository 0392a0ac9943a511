/**
 * `pnpm concord <command>`: the administrator's tool, on the same DATA_DIR as
 * the server (also while it runs: SQLite in WAL mode with a busy timeout).
 *
 * @example
 *   pnpm concord user add --email ada@example.org --name "Ada Lovelace"
 *   pnpm concord doc create --title "Annual report" --author ada@example.org
 *   pnpm concord member add --doc d_… --email bob@example.org --role commissioner
 */
import { runCli } from './run.js';
import { readPassword } from './password-input.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readPassword,
});
