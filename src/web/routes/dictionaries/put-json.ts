import { ApiError } from '../../api/client';
import type { ErrorBody } from '../../../shared/errors';

/**
 * PUT with the session's CSRF token: the shared client (api/client.ts) has no
 * PUT yet. Errors come back as ApiError, as from the shared client.
 */
export async function putJson<T>(path: string, body: unknown, csrfToken: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-csrf-token': csrfToken,
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, {
      code: 'INTERNAL',
      message: cause instanceof Error ? cause.message : 'network error',
      details: { reason: 'network' },
    });
  }
  const payload = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return payload as T;
  const error = (payload as ErrorBody | null)?.error;
  throw new ApiError(
    response.status,
    error && typeof error.code === 'string'
      ? error
      : { code: 'INTERNAL', message: `HTTP ${response.status}` },
  );
}
