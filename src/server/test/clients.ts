import { randomBytes } from 'node:crypto';
import { sessionCookie } from '../http/access';
import { testPassword, type TestApp } from './test-app';

/** An HTTP answer as tests read it; `body` is the parsed JSON, or null. */
export type Reply = {
  status: number;
  body: any;
  text: string;
  raw: Buffer;
  headers: Record<string, unknown>;
};

/** A file sent as multipart/form-data in the field `file`. */
export type Upload = { fileName: string; data: Buffer; contentType?: string };

export type RequestOptions = {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  upload?: Upload;
  /** false leaves the x-csrf-token header out; a string sends that one instead. */
  csrf?: false | string;
  headers?: Record<string, string>;
  remoteAddress?: string;
};

/** A signed-in (or anonymous) HTTP client: keeps its cookie and sends the CSRF header. */
export type Client = {
  username: string;
  cookie: string | null;
  csrfToken: string | null;
  send(method: string, url: string, options?: RequestOptions): Promise<Reply>;
  get(url: string, query?: RequestOptions['query']): Promise<Reply>;
  post(url: string, body?: unknown): Promise<Reply>;
  patch(url: string, body?: unknown): Promise<Reply>;
  put(url: string, body?: unknown): Promise<Reply>;
};

let nextAddress = 0;
/**
 * A client address of its own for each sign-in: the login route is rate limited
 * per address, and a test file signs in far more often than a person would.
 */
export function freshAddress(): string {
  nextAddress += 1;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

export function multipartBody(upload: Upload): { payload: Buffer; contentType: string } {
  const boundary = `----bangfu${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${upload.fileName}"\r\n` +
    `Content-Type: ${upload.contentType ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}\r\n\r\n`;
  return {
    payload: Buffer.concat([
      Buffer.from(head),
      upload.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export function clientOf(
  t: TestApp,
  cookie: string | null,
  csrfToken: string | null,
  username = '',
): Client {
  const send: Client['send'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (cookie) headers.cookie = cookie;
    const csrf = options.csrf === undefined ? csrfToken : options.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    let payload: string | Buffer | undefined;
    if (options.upload) {
      const multipart = multipartBody(options.upload);
      payload = multipart.payload;
      headers['content-type'] = multipart.contentType;
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const query = options.query
      ? Object.fromEntries(Object.entries(options.query).map(([k, v]) => [k, String(v)]))
      : undefined;
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(query ? { query } : {}),
      ...(payload !== undefined ? { payload } : {}),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    let body: unknown = null;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) {
      try {
        body = JSON.parse(res.body);
      } catch {
        body = null;
      }
    }
    return {
      status: res.statusCode,
      body,
      text: res.body,
      raw: res.rawPayload,
      headers: res.headers,
    };
  };
  return {
    username,
    cookie,
    csrfToken,
    send,
    get: (url, query) => send('GET', url, query ? { query } : {}),
    post: (url, body) => send('POST', url, { body: body ?? {} }),
    patch: (url, body) => send('PATCH', url, { body: body ?? {} }),
    put: (url, body) => send('PUT', url, { body: body ?? {} }),
  };
}

export function anonymousClient(t: TestApp): Client {
  return clientOf(t, null, null);
}

/** One login attempt, from its own address unless one is given. */
export function attemptLogin(
  t: TestApp,
  username: string,
  password: string,
  remoteAddress = freshAddress(),
): Promise<Reply> {
  return anonymousClient(t).send('POST', '/api/auth/login', {
    body: { username, password },
    remoteAddress,
  });
}

/** Signs in (shared test password unless given) and returns a client holding the session. */
export async function signIn(
  t: TestApp,
  username: string,
  password = testPassword,
): Promise<Client> {
  const res = await attemptLogin(t, username, password);
  if (res.status !== 204)
    throw new Error(`sign-in of ${username} failed: ${res.status} ${res.text}`);
  const setCookie = [res.headers['set-cookie']].flat()[0] as string;
  const cookie = setCookie.split(';')[0]!;
  if (!cookie.startsWith(`${sessionCookie}=`)) throw new Error(`unexpected cookie ${cookie}`);
  const me = await clientOf(t, cookie, null).get('/api/auth/me');
  if (me.status !== 200) throw new Error(`session of ${username} failed: ${me.status} ${me.text}`);
  return clientOf(t, cookie, (me.body as { csrfToken: string }).csrfToken, username);
}
