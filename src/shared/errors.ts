/** The closed set of error codes. Put detail in the message, never in a new code. */
export const errorCodes = [
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'VALIDATION',
  'CONFLICT',
  'INVALID_STATE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const httpStatusByCode = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONFLICT: 409,
  INVALID_STATE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** One field-level problem: `idNumber: bad check digit`. */
export type FieldIssue = { path: string; message: string };

/** The body every failed API call answers with. */
export type ErrorBody = {
  error: {
    code: ErrorCode;
    message: string;
    /** The message in Chinese for the user, when the server has one (else the screen words it). */
    userMessage?: string;
    requestId?: string;
    issues?: FieldIssue[];
    details?: Record<string, unknown>;
  };
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      userMessage?: string;
      details?: Record<string, unknown>;
      issues?: FieldIssue[];
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage;
    this.details = options.details;
    this.issues = options.issues;
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
