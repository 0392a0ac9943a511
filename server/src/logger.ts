import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout. Never log cookies or tokens: redaction is belt and braces.
 * `sync`: each line is written before the call returns (main.ts: the lines for people it then
 * writes to stderr come after the log's, and a fatal line is out before the process exits).
 */
export function createLogger(level: string = 'info', options: { sync?: boolean } = {}): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.cookie', 'headers.cookie', 'cookie', 'token', 'password', '*.password', '*.token'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: options.sync ?? false }),
  );
}
