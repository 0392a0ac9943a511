/**
 * The event bus when several processes serve Concord (REDIS_URL): every event
 * published here runs this process's handlers, as the in-process bus does, and
 * goes to every other process on one Redis channel, where the handlers of scope
 * `every-process` run (sockets, rooms, caches; see event-bus.ts). The CLI
 * publishes here too, so a member it removes is cut off on every server.
 *
 * Events travel as JSON: they are plain data by contract (shared/src/protocol/events.ts).
 */
import type { ConcordEvent, ConcordEventType } from '@concord/shared';
import { InProcessEventBus, type EventBus, type EventHandler, type HandlerScope } from './event-bus.js';
import type { RedisLink } from './redis-link.js';

/** The one channel every event travels on. */
const EVENTS_CHANNEL = 'concord:events';

interface WireEvent {
  /** The publishing process (RedisLink.processId). */
  from: string;
  event: ConcordEvent;
}

export class RedisEventBus implements EventBus {
  private readonly local: InProcessEventBus;

  private constructor(
    private readonly link: RedisLink,
    onError: (err: unknown, event: ConcordEvent) => void,
  ) {
    this.local = new InProcessEventBus(onError);
  }

  /** Subscribes to the events channel before resolving: nothing published after that is missed. */
  static async start(link: RedisLink, onError: (err: unknown, event: ConcordEvent) => void): Promise<RedisEventBus> {
    const bus = new RedisEventBus(link, onError);
    await link.subscribe(EVENTS_CHANNEL, (message) => bus.receive(message));
    return bus;
  }

  async publish(event: ConcordEvent): Promise<void> {
    // Handed to Redis first, so other processes act while this one runs its handlers.
    this.link.publish(EVENTS_CHANNEL, JSON.stringify({ from: this.link.processId, event } satisfies WireEvent));
    await this.local.publish(event);
  }

  subscribe<T extends ConcordEventType>(type: T, handler: EventHandler<T>, scope?: HandlerScope): () => void {
    return this.local.subscribe(type, handler, scope);
  }

  private receive(message: Buffer): void {
    // Throws on garbage; RedisLink logs it.
    const wire = JSON.parse(message.toString('utf8')) as WireEvent;
    // Our own events: the handlers ran when we published them.
    if (wire.from === this.link.processId || typeof wire.event?.type !== 'string') return;
    void this.local.deliver(wire.event, true);
  }
}
