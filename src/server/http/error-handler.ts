import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, httpStatusByCode, type ErrorBody, type FieldIssue } from '../../shared/errors';

type PgError = { code?: string; constraint?: string; detail?: string };

/** Unique constraints a user can run into, and the form field each one is about. */
const constraintFields: Record<string, string> = {
  org_nodes_code_key: 'code',
  org_nodes_sibling_name_key: 'name',
  users_username_key: 'username',
  household_members_active_person_key: 'idNumber',
};

/** PostgreSQL errors a user can cause, mapped to what they mean. */
function fromPostgres(error: PgError): AppError | null {
  if (error.code === '23505') {
    const field = error.constraint ? constraintFields[error.constraint] : undefined;
    return new AppError(
      'CONFLICT',
      field
        ? `${field}: already exists`
        : `already exists (${error.constraint ?? 'unique constraint'})`,
      {
        details: { constraint: error.constraint },
        ...(field ? { issues: [{ path: field, message: 'already exists' }] } : {}),
      },
    );
  }
  if (error.code === '23503')
    return new AppError(
      'CONFLICT',
      `still referenced or missing reference (${error.constraint ?? 'foreign key'})`,
      {
        details: { constraint: error.constraint },
      },
    );
  if (error.code === '40001' || error.code === '40P01')
    return new AppError('CONFLICT', 'a concurrent change got there first; try again');
  return null;
}

function issuesOfZod(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

/** Turns anything thrown into the one error body; unknown errors are logged and hidden. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const issues = issuesOfZod(error);
    return new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      issues,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || '(input)',
      message: v.message ?? 'invalid',
    }));
    return new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      issues,
    });
  }
  const pg = fromPostgres(error as PgError);
  if (pg) return pg;
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED', fastifyError.message);
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    if (fastifyError.statusCode === 413) return new AppError('VALIDATION', 'upload too large');
    if (fastifyError.statusCode === 404) return new AppError('NOT_FOUND', fastifyError.message);
    return new AppError('VALIDATION', fastifyError.message);
  }
  return new AppError('INTERNAL', 'internal error', { cause: error });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // Something that is not an object (`throw 'text'`) would break the checks below.
    const error =
      typeof thrown === 'object' && thrown !== null ? thrown : new Error(String(thrown));
    const appError = isResponseSerializationError(error)
      ? new AppError('INTERNAL', 'response did not match its schema', { cause: error })
      : toAppError(error);
    if (appError.code === 'INTERNAL')
      request.log.error({ err: appError.cause ?? error, reqId: request.id }, 'internal error');
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message:
          appError.code === 'INTERNAL'
            ? `internal error (request ${request.id})`
            : appError.message,
        ...(appError.userMessage && appError.code !== 'INTERNAL'
          ? { userMessage: appError.userMessage }
          : {}),
        requestId: request.id,
        ...(appError.issues ? { issues: appError.issues } : {}),
        ...(appError.details ? { details: appError.details } : {}),
      },
    };
    void reply.status(httpStatusByCode[appError.code]).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    };
    void reply.status(404).send(body);
  });
}
