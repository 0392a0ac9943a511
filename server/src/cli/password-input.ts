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
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const [first, second] = await hiddenLines(options.confirm ? [`${prompt}: `, 'Repeat it: '] : [`${prompt}: `]);
  if (options.confirm && first !== second) throw new CliError('the passwords do not match; nothing was changed');
  return first!;
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

/** The terminal as hiddenLines uses it (process.stdin / process.stderr, or a test double). */
export interface Terminal {
  input: Pick<NodeJS.ReadStream, 'setRawMode' | 'setEncoding' | 'resume' | 'pause' | 'on' | 'off'>;
  output: { write(text: string): unknown };
}

/**
 * Reads one line per prompt from the terminal in raw mode, echoing nothing. One
 * raw-mode session for all prompts, so that type-ahead (both lines typed or
 * pasted at once) is split into lines instead of lost.
 */
export function hiddenLines(
  prompts: readonly string[],
  terminal: Terminal = { input: process.stdin, output: process.stderr },
): Promise<string[]> {
  const stdin = terminal.input;
  const out = terminal.output;
  const answers: string[] = [];
  let current: string[] = [];
  let afterCR = false;
  out.write(prompts[0]!);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string[]>((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      if (error) reject(error);
      else resolve(answers);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        const wasCR = afterCR;
        afterCR = ch === '\r';
        if (ch === '\u0003') {
          out.write('\n');
          return finish(new PromptAborted()); // Ctrl-C
        }
        if (ch === '\n' && wasCR) continue; // CR LF is one line end
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          answers.push(current.join(''));
          current = [];
          out.write('\n');
          if (answers.length === prompts.length) return finish();
          out.write(prompts[answers.length]!);
        } else if (ch === '\u007f' || ch === '\b') current.pop();
        else if (ch >= ' ') current.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
