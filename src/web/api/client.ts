import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/errors';

/** A failed API call, as the server described it (`{error:{code,message,…}}`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly requestId: string | undefined;
  /** The server's own wording for the user, in Chinese (shown when the screen is in zh-CN). */
  readonly userMessage: string | undefined;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.userMessage = body.userMessage;
    this.issues = body.issues ?? [];
    this.details = body.details ?? {};
  }

  /** True when the browser never got an answer (server down, network gone). */
  get isNetwork(): boolean {
    return this.details.reason === 'network';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Set from GET /api/auth/me; sent with every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than the login itself) finds the session gone. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's error page, or an empty body.
  }
  if (isErrorBody(body)) return new ApiError(response.status, body.error);
  return new ApiError(response.status, {
    code: response.status === 404 ? 'NOT_FOUND' : 'INTERNAL',
    message: `HTTP ${response.status}`,
    requestId: response.headers.get('x-request-id') ?? undefined,
  });
}

async function send(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  let response: Response;
  try {
    response = await fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, {
      code: 'INTERNAL',
      message: cause instanceof Error ? cause.message : 'network error',
      details: { reason: 'network' },
    });
  }
  if (response.ok) return response;
  const error = await toApiError(response);
  if (error.code === 'UNAUTHENTICATED' && path !== '/api/auth/login')
    for (const listener of unauthenticatedListeners) listener();
  throw error;
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The one way the web app talks to the server: JSON in, JSON out, errors as ApiError. */
export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return json<T>(await send('GET', withQuery(path, query)));
  },
  async post<T = void>(path: string, body?: unknown, query?: Query): Promise<T> {
    const init: RequestInit =
      body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    return json<T>(await send('POST', withQuery(path, query), init));
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return json<T>(
      await send('PATCH', path, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    );
  },
  async put<T>(path: string, body: unknown): Promise<T> {
    return json<T>(
      await send('PUT', path, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    );
  },
  async delete<T = void>(path: string): Promise<T> {
    return json<T>(await send('DELETE', path));
  },
  /** multipart/form-data with one file in the field `file`. */
  async upload<T>(path: string, file: File, query?: Query): Promise<T> {
    const form = new FormData();
    form.append('file', file, file.name);
    return json<T>(await send('POST', withQuery(path, query), { body: form }));
  },
  /** Downloads a file the server sends, keeping its name. */
  async download(path: string, fallbackName: string): Promise<void> {
    const response = await send('GET', path);
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
    const name = encoded ? decodeURIComponent(encoded) : (plain ?? fallbackName);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
