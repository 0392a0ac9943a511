/**
 * Reading a password without showing it: a hidden prompt on a terminal (asked
 * twice when confirming), or the first line of standard input when it is a pipe
 * or a file, so scripts never need to put a password on the command line.
 */
import { CliError } from './command.js';

export class PromptAborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'PromptAborted';
  }
}

export async function readPassword(prompt: string, options: { confirm: boolean }): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return firstLineOfStdin();
  const first = await hiddenPrompt(`${prompt}: `);
  if (!options.confirm) return first;
  const second = await hiddenPrompt('Repeat it: ');
  if (first !== second) throw new CliError('the passwords do not match; nothing was changed');
  return first;
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if ((chunk as Buffer).includes(0x0a)) break; // the first line is all we need
  }
  process.stdin.pause();
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError('no password given: pass --password, or write it as the first line of standard input');
  return line;
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function hiddenPrompt(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let value = '';
  return new Promise<string>((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new PromptAborted()); // Ctrl-C
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
