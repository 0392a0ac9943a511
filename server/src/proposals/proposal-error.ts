import { DomainError } from '../domain/domain-error.js';

/** Why a proposal action was refused: a DomainError (404/400/403/409), answered by app.onError like any other. */
export class ProposalError extends DomainError {
  constructor(reason: 'not_found' | 'bad_request' | 'forbidden' | 'conflict', message: string, details?: unknown) {
    super(reason, message, details);
    this.name = 'ProposalError';
  }
}
