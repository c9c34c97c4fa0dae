// fetch for the dashboard API: same origin, the session cookie travels by itself, JSON in and
// out, and every failure becomes an ApiError with the server's code, status and retry time.

/** Base path of the dashboard API. */
export const API_BASE = '/dashboard/api';

/** A failed API call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `retry-after`, when the server sent one. */
    readonly retryAfterSec: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when any call but login answers 401: the session is gone. */
let onUnauthenticated: () => void = () => {};

/** Registers what happens when the session turns out to be gone. */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

async function failure(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not JSON: keep the status text
  }
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** Calls the API; `body` is sent as JSON. Rejects with ApiError. */
export async function apiCall<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'network error', undefined);
  }
  if (!res.ok) {
    const err = await failure(res);
    if (err.status === 401 && !opts.quiet401) onUnauthenticated();
    throw err;
  }
  return (await res.json()) as T;
}

/** A query string from defined values (`?a=1&b=2`, or '' when empty). */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
