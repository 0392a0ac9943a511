/**
 * The one way the browser calls the API: Hono's typed client over the server's
 * own route type (`AppType`, a type-only import — no server code reaches the
 * bundle), so every request and answer is typed by the routes that serve it.
 * `answer()` turns every failure into an ApiError with the server's
 * `{error:{code,message,details}}` (or a network error) and reports a 401 to the
 * session, which signs out.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '@concord/server/app';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` as the server sent them (e.g. what a refused vote conflicts with). */
    readonly details?: unknown,
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
 * A 401 (session expired or revoked) tells the session, which signs out. Every
 * failed call ends here, whatever sent it: `answer()` below, and the import's
 * XMLHttpRequest (publish.ts), which fetch cannot replace (upload progress).
 */
export function signalUnauthorized(status: number): void {
  if (status === 401) for (const listener of unauthorizedListeners) listener();
}

const NETWORK_MESSAGE = 'Cannot reach the Concord server. Check your connection and try again.';

/** fetch, with "could not connect" as an ApiError of status 0. */
const reach: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
};

/** The API, typed by the server's routes: `api.docs[':id'].$get({ param: { id } })`. */
export const api = hc<AppType>('/api', { fetch: reach });

/** Path parameters as the URL carries them (hc inserts them verbatim). */
export const enc = encodeURIComponent;

/** The JSON a route answers with on success. */
export type Answer<R> = R extends ClientResponse<infer T, infer _Status, 'json'> ? T : never;
/** What calling `call` (an `api…$method`) answers with on success. */
export type AnswerOf<F extends (...args: never[]) => Promise<unknown>> = Answer<Awaited<ReturnType<F>>>;

/** `{error:{code,message,details}}` of a failed answer, as an ApiError. */
function errorOf(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  return new ApiError(status, error?.code ?? `http_${status}`, error?.message ?? `The server answered ${status}.`, error?.details);
}

/** Waits for a typed call and returns its JSON; throws ApiError for anything but success. */
export async function answer<R extends ClientResponse<unknown, number, 'json'>>(
  pending: Promise<R>,
  options: { quiet401?: boolean } = {},
): Promise<Answer<R>> {
  const res = await pending;
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
    if (!options.quiet401) signalUnauthorized(res.status);
    throw errorOf(res.status, json);
  }
  return json as Answer<R>;
}
