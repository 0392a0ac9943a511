import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs. Never log cookies or tokens: redaction is belt and braces. */
export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'headers.cookie', 'cookie', 'token', 'password', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
