/**
 * One JSON shape for every error: `{"error": {"code", "message", "field"?}}`. Domain errors map to their
 * status once here; schema failures name the field; anything unknown is a generic 500 whose details go
 * to the log only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, httpStatusOf } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

const fieldOfValidation = (e: FastifyError): string | undefined => {
  const v = e.validation?.[0];
  if (!v) return undefined;
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params: unknown = v.params;
  let missing: string | undefined;
  if (typeof params === 'object' && params !== null) {
    if ('missingProperty' in params && typeof params.missingProperty === 'string')
      missing = params.missingProperty;
    else if ('additionalProperty' in params && typeof params.additionalProperty === 'string')
      missing = params.additionalProperty;
  }
  const parts = [path, missing].filter((p): p is string => typeof p === 'string' && p !== '');
  const where = e.validationContext && e.validationContext !== 'body' ? `${e.validationContext}.` : '';
  return parts.length > 0 ? where + parts.join('.') : e.validationContext;
};

/** The error handler; unhandled errors go to `logger` (or Fastify's request log) with the request id. */
export const errorHandlerWith =
  (logger?: Logger) =>
  (e: FastifyError | DomainError | Error, request: FastifyRequest, reply: FastifyReply): void =>
    handleError(e, request, reply, logger);

const handleError = (
  e: FastifyError | DomainError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger | undefined,
): void => {
  if (e instanceof DomainError) {
    void reply.status(httpStatusOf(e.code)).send({
      error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) },
    } satisfies ErrorBody);
    return;
  }
  const fe = e as FastifyError;
  if (fe.validation) {
    const field = fieldOfValidation(fe);
    void reply.status(400).send({
      error: {
        code: 'invalid_input',
        message: `${field ?? 'input'}: ${fe.validation[0]?.message ?? 'invalid'}`,
        ...(field ? { field } : {}),
      },
    } satisfies ErrorBody);
    return;
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 429
          ? 'rate_limited'
          : status === 415
            ? 'unsupported_media_type'
            : status === 404
              ? 'not_found'
              : 'invalid_input';
    const field =
      status === 415 ? 'content-type' : status === 400 && /JSON/i.test(fe.message) ? 'body' : undefined;
    void reply
      .status(status)
      .send({ error: { code, message: fe.message, ...(field ? { field } : {}) } } satisfies ErrorBody);
    return;
  }
  if (logger)
    logger.error('unhandled error', {
      requestId: request.id,
      method: request.method,
      url: request.url.split('?')[0],
      error: e.message,
      stack: e.stack,
    });
  else request.log.error({ err: e, requestId: request.id }, 'unhandled error');
  void reply.status(500).send({
    error: {
      code: 'internal',
      message: `internal error; the details are in the server log under request id ${request.id}`,
    },
  } satisfies ErrorBody);
};
