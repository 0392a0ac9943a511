/**
 * What a person starting Concord in a terminal needs, as the last lines they
 * see: the address to open and, on the demo content, how to sign in. The log
 * stays JSON lines on stdout (pino, for machines); these lines go to stderr.
 */
import type { DemoSignIn } from './demo/demo-sign-in.js';

/** 0.0.0.0 and :: are where the server listens, not an address a browser can open. */
const ANY_INTERFACE = new Set(['0.0.0.0', '::', '[::]', '']);

/** The address to open: PUBLIC_URL when set, else the server's own, with localhost for "every interface". */
export function addressToOpen(input: { url: string; port: number; host: string; publicUrl: string | null }): string {
  if (input.publicUrl) return input.publicUrl;
  return ANY_INTERFACE.has(input.host) ? `http://localhost:${input.port}` : input.url;
}

export function startBanner(open: string, demo: DemoSignIn | null): string {
  const lines = [''];
  if (demo) {
    lines.push(
      demo.createdNow ? 'Demo commission created. Sign in as any of these accounts:' : 'Demo commission. Sign in as any of these accounts:',
      ...demo.accounts.map((a) => `  ${a.email.padEnd(26)} ${a.role}`),
      `with the password: ${demo.password}`,
      '',
    );
  }
  lines.push(`Concord is running. Open ${open} in your browser.`, '');
  return lines.join('\n');
}
