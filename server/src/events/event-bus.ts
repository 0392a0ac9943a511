/**
 * The event bus: services publish what they changed (typed `ConcordEvent`s from
 * @concord/shared), subscribers react — the sync layer sends live events and cuts
 * sockets, notifications are written, watchers re-check. Publishers never know
 * who listens, so no module calls back into its caller.
 *
 * `InProcessEventBus` calls every handler at once, in subscription order, and
 * `publish` resolves when their promises have settled: a service that awaits it
 * answers its caller after the consequences (live events sent, notifications
 * stored) have happened, as clients expect. Another implementation (e.g. Redis
 * pub/sub for several server processes) fills the same interface; it resolves
 * once this process's handlers are done and the event is handed to the others.
 * Events are published after the change is committed; a failing handler is
 * logged and never fails the change that was announced.
 */
import type { ConcordEvent, ConcordEventType, EventOf } from '@concord/shared';

export type EventHandler<T extends ConcordEventType> = (event: EventOf<T>) => void | Promise<void>;

export interface EventBus {
  /** Announces a committed change; resolves when local handlers are done. Never rejects because of a handler. */
  publish(event: ConcordEvent): Promise<void>;
  /** Calls `handler` for every event of `type`; returns the function that unsubscribes. */
  subscribe<T extends ConcordEventType>(type: T, handler: EventHandler<T>): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<ConcordEventType, Set<EventHandler<never>>>();

  constructor(private readonly onError: (err: unknown, event: ConcordEvent) => void) {}

  async publish(event: ConcordEvent): Promise<void> {
    const handlers = this.handlers.get(event.type);
    if (!handlers) return;
    const pending: Promise<void>[] = [];
    for (const handler of [...handlers]) {
      try {
        const result = (handler as unknown as (e: ConcordEvent) => void | Promise<void>)(event);
        if (result instanceof Promise) pending.push(result.catch((err: unknown) => this.onError(err, event)));
      } catch (err) {
        this.onError(err, event);
      }
    }
    await Promise.all(pending);
  }

  subscribe<T extends ConcordEventType>(type: T, handler: EventHandler<T>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as unknown as EventHandler<never>);
    return () => set.delete(handler as unknown as EventHandler<never>);
  }
}
