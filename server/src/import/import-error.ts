import { DomainError } from '../domain/domain-error.js';

/** The one error type of the import boundary: a code a client can branch on and a message a person can read. */
export const ImportErrorCode = {
  tooLarge: 'too_large',
  unsupportedFormat: 'unsupported_format',
  contentMismatch: 'content_mismatch',
  malformed: 'malformed',
  empty: 'empty',
} as const;
export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

/** Largest file accepted for import (20 MB); a DOCX may inflate to 10× this. */
export const DEFAULT_MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A DomainError (413 for too_large, else 400) whose details carry `{importError: code}`. */
export class ImportError extends DomainError {
  override readonly name = 'ImportError';

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code === ImportErrorCode.tooLarge ? 'too_large' : 'bad_request', message, { importError: code });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
