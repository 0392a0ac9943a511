/** Why a proposal action was refused; the HTTP layer maps `reason` to a status (404/400/403/409/429). */
export class ProposalError extends Error {
  constructor(
    readonly reason: 'not_found' | 'bad_request' | 'forbidden' | 'conflict' | 'rate_limited',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ProposalError';
  }
}
