/** Help text, generated from the command list so it cannot drift from what the CLI accepts. */
import type { Command } from './command.js';

const ENVIRONMENT = [
  'Environment:',
  "  DATA_DIR   the server's data directory (default ./data; `pnpm concord` and",
  '             `pnpm start` both run from the repository root, so that is ./data',
  '             there). Safe to use while the server runs.',
];

export function mainHelp(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((c) => `${c.group} ${c.name}`.length));
  return [
    'Usage: pnpm concord <command> [options]',
    '',
    'Manage Concord accounts, documents and members from the command line.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${`${c.group} ${c.name}`.padEnd(width)}  ${c.summary}`),
    '',
    ...ENVIRONMENT,
    '',
    'Run `pnpm concord <command> --help` for the options of one command.',
  ];
}

export function commandHelp(command: Command): string[] {
  return [
    `Usage: pnpm concord ${command.group} ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ['', ...wrap(command.details, 78)] : []),
    '',
    ...ENVIRONMENT,
  ];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
