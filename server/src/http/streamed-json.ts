/**
 * A JSON answer sent as it is produced, yielding to the event loop between
 * pieces: a large answer (the consensus view of a reviewed report is megabytes)
 * must not hold up every other socket while it is built and written.
 */
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * `pieces` (UTF-8) must concatenate to the JSON of a `T`; the route's type says so for
 * the typed client (`hc<AppType>`), as `c.json` would.
 */
export function streamedJson<T>(
  c: Context,
  pieces: Iterator<Uint8Array, void, undefined>,
): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Other sockets' messages and timers run between two pieces.
      await nextTurn();
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      // The client went away: stop building.
      pieces.return?.();
    },
  });
  return c.body(body, 200, { 'content-type': 'application/json; charset=UTF-8' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}

/** A JSON answer already serialised (kept between requests): `text` must be the JSON of a `T`. */
export function jsonText<T>(c: Context, text: string): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  return c.body(text, 200, { 'content-type': 'application/json; charset=UTF-8' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}
