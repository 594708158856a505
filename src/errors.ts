/** Small typed errors thrown by domain code; the GraphQL layer maps them to contract 4.2 codes. */
export class DomainError extends Error {
  constructor(
    readonly code:
      | 'NOT_FOUND'
      | 'BAD_USER_INPUT'
      | 'CONFLICT'
      | 'FORBIDDEN'
      | 'UNAUTHENTICATED'
      | 'RATE_LIMITED'
      | 'UNAVAILABLE',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Contract 4.2: what a client reads while the database cannot be reached. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database cannot be reached right now; try again shortly (with the same Idempotency-Key, if you sent one).';

export class NotFoundError extends DomainError {
  /** `field`: the input field that named the id, when the id came inside an input (`inboxIds[2]`). */
  constructor(what: string, id: string, field?: string) {
    super('NOT_FOUND', `No ${what} with id "${id}" exists in this organization.`, field);
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', message, field);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, field);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid API key is required: send "Authorization: Bearer sk_...".') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}
