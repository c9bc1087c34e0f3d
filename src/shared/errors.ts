/**
 * Domain errors with a closed set of codes, mapped to HTTP once in adapters/http.
 * `field` names the input at fault so a caller can fix it without reading logs.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_value'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'not_acceptable'
  | 'unsupported_media_type'
  | 'invalid_transition'
  | 'unavailable';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, field?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

export const invalidInput = (field: string, message: string): DomainError =>
  new DomainError('invalid_input', message, field);
export const notFound = (what: string, field?: string): DomainError =>
  new DomainError('not_found', `${what} not found`, field);
export const forbidden = (message = 'not allowed for this role or organisation'): DomainError =>
  new DomainError('forbidden', message);

export const httpStatusOf = (code: ErrorCode): number => {
  switch (code) {
    case 'invalid_input':
    case 'invalid_value':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'invalid_transition':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'not_acceptable':
      return 406;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
};
