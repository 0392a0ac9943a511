import { DomainError } from '../domain/domain-error.js';

/** Why a proposal action was refused: a DomainError (404/400/403/409/429), mapped in app.onError. */
export class ProposalError extends DomainError {
  constructor(reason: 'not_found' | 'bad_request' | 'forbidden' | 'conflict' | 'rate_limited', message: string, details?: unknown) {
    const retryAfterMs = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    super(
      reason,
      message,
      details,
      reason === 'rate_limited' ? Math.max(1, Math.ceil((typeof retryAfterMs === 'number' ? retryAfterMs : 1000) / 1000)) : undefined,
    );
    this.name = 'ProposalError';
  }
}
