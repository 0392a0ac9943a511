/**
 * The one fetch wrapper: JSON in, JSON out, and every failure turned into an
 * ApiError with the server's `{error:{code,message}}` (or a network error).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request never reached the server (offline, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the server answers 401 (session expired or revoked) outside sign-in. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Every call that reaches the server and fails ends here, whatever it was sent
 * with (the shared `request`, a multipart upload, a vote PUT, the import's
 * XMLHttpRequest): a 401 signs the person out the same way everywhere.
 */
export function signalUnauthorized(status: number): void {
  if (status === 401) for (const listener of unauthorizedListeners) listener();
}

/** The ApiError for a failed answer; a 401 signs out first (see signalUnauthorized). */
export function failedResponse(status: number, body: unknown): ApiError {
  signalUnauthorized(status);
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ApiError(status, error?.code ?? `http_${status}`, error?.message ?? `The server answered ${status}.`);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Concord server. Check your connection and try again.');
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    if (options.quiet401) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `The server answered ${res.status}.`);
    }
    throw failedResponse(res.status, json);
  }
  return json as T;
}
