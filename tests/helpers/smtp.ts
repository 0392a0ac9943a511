/**
 * A real SMTP server inside the test (smtp-server, on a free loopback port):
 * what Concord sends arrives here, parsed with mailparser. It can refuse
 * connections for a while (421, as a server that is down for maintenance),
 * refuse chosen addresses for good (550) or answer them "try again later" every
 * time (450, a mailbox that stays full).
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

interface ReceivedMail {
  to: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  /** For SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** false: every connection is answered 421 (try again later). */
  accepting: boolean;
  /** Addresses answered 550 (no such user): a permanent failure. */
  unknownAddresses: Set<string>;
  /** Addresses answered 450 (mailbox unavailable, try later) on every attempt. */
  busyAddresses: Set<string>;
  /** Recipients refused (550 or 450), attempt by attempt. */
  recipientsRefused: number;
  /** Connections refused while not accepting. */
  refused: number;
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtp(options: { port?: number } = {}): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    accepting: true,
    unknownAddresses: new Set(),
    busyAddresses: new Set(),
    recipientsRefused: 0,
    refused: 0,
    to: (address) => state.received.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (state.accepting) return callback();
      state.refused++;
      callback(smtpError(421, 'Service not available, try again later'));
    },
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (state.unknownAddresses.has(to) || state.busyAddresses.has(to)) state.recipientsRefused++;
      if (state.unknownAddresses.has(to)) return callback(smtpError(550, 'No such user here'));
      if (state.busyAddresses.has(to)) return callback(smtpError(450, 'Mailbox full, try again later'));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          state.received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), mail });
          callback();
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}
