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
 *
 * With several processes (REDIS_URL, events/redis-event-bus.ts) every event
 * reaches every process, and each handler says where it runs: `every-process`
 * (the default) for what each process holds — its sockets, rooms and caches;
 * `publisher` for what must happen once — writing notifications, queueing mail —
 * which runs only in the process that published the event.
 */
import type { ConcordEvent, ConcordEventType, EventOf } from '@concord/shared';

export type EventHandler<T extends ConcordEventType> = (event: EventOf<T>) => void | Promise<void>;

/** Where a handler runs when several processes share the bus (see above). */
export type HandlerScope = 'every-process' | 'publisher';

export interface EventBus {
  /** Announces a committed change; resolves when local handlers are done. Never rejects because of a handler. */
  publish(event: ConcordEvent): Promise<void>;
  /** Calls `handler` for every event of `type`; returns the function that unsubscribes. */
  subscribe<T extends ConcordEventType>(type: T, handler: EventHandler<T>, scope?: HandlerScope): () => void;
}

interface Subscription {
  handler: EventHandler<never>;
  scope: HandlerScope;
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<ConcordEventType, Set<Subscription>>();

  constructor(private readonly onError: (err: unknown, event: ConcordEvent) => void) {}

  publish(event: ConcordEvent): Promise<void> {
    return this.deliver(event, false);
  }

  /** Runs the handlers of an event; of one published by another process, only those of scope `every-process`. */
  deliver(event: ConcordEvent, fromAnotherProcess: boolean): Promise<void> {
    const subscriptions = this.handlers.get(event.type);
    if (!subscriptions) return Promise.resolve();
    const pending: Promise<void>[] = [];
    for (const { handler, scope } of [...subscriptions]) {
      if (fromAnotherProcess && scope === 'publisher') continue;
      try {
        const result = (handler as unknown as (e: ConcordEvent) => void | Promise<void>)(event);
        if (result instanceof Promise) pending.push(result.catch((err: unknown) => this.onError(err, event)));
      } catch (err) {
        this.onError(err, event);
      }
    }
    return Promise.all(pending).then(() => undefined);
  }

  subscribe<T extends ConcordEventType>(type: T, handler: EventHandler<T>, scope: HandlerScope = 'every-process'): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    const subscription: Subscription = { handler: handler as unknown as EventHandler<never>, scope };
    set.add(subscription);
    return () => set.delete(subscription);
  }
}
