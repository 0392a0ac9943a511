/** The hidden password prompt, against a fake terminal in raw mode. */
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { hiddenLines, PromptAborted, type Terminal } from '../../src/cli/password-input.js';

class FakeTerminal extends EventEmitter {
  raw = false;
  written = '';
  readonly input = Object.assign(this, {
    setRawMode: (on: boolean) => {
      this.raw = on;
      return this as never;
    },
    setEncoding: () => this as never,
    resume: () => this as never,
    pause: () => this as never,
  }) as unknown as Terminal['input'];
  readonly output = { write: (text: string) => (this.written += text) };
  type(text: string): void {
    this.emit('data', text);
  }
}

describe('hidden password prompt', () => {
  it('reads one line per prompt in raw mode and echoes nothing of what is typed', async () => {
    const t = new FakeTerminal();
    const answer = hiddenLines(['Password: ', 'Repeat it: '], t);
    expect(t.raw).toBe(true);
    t.type('s3cret pass');
    t.type('\r');
    t.type('s3cret pass\r');
    expect(await answer).toEqual(['s3cret pass', 's3cret pass']);
    expect(t.written).toBe('Password: \nRepeat it: \n');
    expect(t.raw).toBe(false);
  });

  it('keeps type-ahead: both lines arriving in one chunk, with CR LF endings', async () => {
    const t = new FakeTerminal();
    const answer = hiddenLines(['Password: ', 'Repeat it: '], t);
    t.type('one two\r\none two\r\n');
    expect(await answer).toEqual(['one two', 'one two']);
  });

  it('handles backspace (also over non-BMP characters) and ignores control characters', async () => {
    const t = new FakeTerminal();
    const answer = hiddenLines(['Password: '], t);
    t.type('pass😀x\u007f\u007fword\u001b\r');
    expect(await answer).toEqual(['password']);
  });

  it('aborts on Ctrl-C and leaves raw mode', async () => {
    const t = new FakeTerminal();
    const answer = hiddenLines(['Password: '], t);
    t.type('half\u0003');
    await expect(answer).rejects.toBeInstanceOf(PromptAborted);
    expect(t.raw).toBe(false);
  });
});
