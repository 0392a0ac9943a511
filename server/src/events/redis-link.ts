/**
 * This process's two connections to Redis (REDIS_URL), shared by everything that
 * spans processes: the event bus, the fan-out of document updates and presence,
 * and the limits counted across processes.
 *
 * - `commands` sends PUBLISH and the limit scripts. ioredis queues what is sent
 *   while the connection is down and resends it once it is back (its defaults:
 *   offline queue, resend of unanswered commands), so a publish made during a
 *   short outage still arrives.
 * - `subscriber` is in subscribe mode; ioredis subscribes its channels again
 *   after a reconnect. Pub/sub is at-most-once: whatever was published while it
 *   was away is gone for this process. `onResumed` listeners hear when it is
 *   back after such a gap, so they can catch up from the store (the rooms are
 *   reloaded; see RoomManager.reloadAll).
 *
 * Messages carry the publishing process's id, so a process can tell its own
 * messages (it has already acted on them) from everyone else's.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export type ChannelHandler = (message: Buffer) => void;

/** How long start-up waits for Redis before giving up with a clear error. */
const CONNECT_TIMEOUT_MS = 10_000;

export class RedisLink {
  /** Identifies this process in every message it publishes. */
  readonly processId = randomBytes(8).toString('hex');
  private readonly handlers = new Map<string, Set<ChannelHandler>>();
  private readonly resumedListeners = new Set<() => void>();
  /** True once the subscriber lost its connection; the next `ready` is a resumption. */
  private lostSubscriber = false;
  private closing = false;

  private constructor(
    readonly commands: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const set = this.handlers.get(channel.toString());
      if (!set) return;
      for (const handler of [...set]) {
        try {
          handler(message);
        } catch (err) {
          log.error({ err, channel: channel.toString() }, 'handling a message from Redis failed');
        }
      }
    });
    subscriber.on('close', () => {
      if (this.closing || this.lostSubscriber) return;
      this.lostSubscriber = true;
      log.warn('lost the connection to Redis; live changes from other processes wait until it is back');
    });
    subscriber.on('ready', () => {
      if (!this.lostSubscriber) return;
      this.lostSubscriber = false;
      log.warn('connection to Redis is back; catching up with what other processes changed meanwhile');
      for (const listener of this.resumedListeners) listener();
    });
    for (const connection of [commands, subscriber]) {
      // ioredis retries for ever; one line per failure is enough (it would otherwise throw "unhandled error").
      connection.on('error', (err: Error) => {
        if (!this.closing) log.debug({ err: err.message }, 'Redis connection error');
      });
    }
  }

  /** Connects both connections; rejects with a clear message when Redis cannot be reached in time. */
  static async connect(url: string, log: Logger, timeoutMs = CONNECT_TIMEOUT_MS): Promise<RedisLink> {
    const options = { retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000), lazyConnect: true };
    const link = new RedisLink(new Redis(url, options), new Redis(url, options), log);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all([link.commands.connect(), link.subscriber.connect()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
        }),
      ]);
    } catch (err) {
      await link.close();
      throw new Error(`cannot reach Redis at ${redactUrl(url)} (REDIS_URL): ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    } finally {
      clearTimeout(timer);
    }
    return link;
  }

  /** Both connections are up (what /readyz reports). */
  get isReady(): boolean {
    return this.commands.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Calls `listener` whenever the subscriber is back after losing its connection. */
  onResumed(listener: () => void): () => void {
    this.resumedListeners.add(listener);
    return () => this.resumedListeners.delete(listener);
  }

  /**
   * Starts delivering `channel`'s messages to `handler`. Resolves once Redis has
   * confirmed the subscription (so whatever is published from then on arrives),
   * or at once while Redis is unreachable (ioredis subscribes when it is back,
   * and `onResumed` listeners then catch up).
   */
  async subscribe(channel: string, handler: ChannelHandler): Promise<() => void> {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    const unsubscribe = () => {
      if (!set.delete(handler) || set.size > 0 || this.handlers.get(channel) !== set) return;
      this.handlers.delete(channel);
      if (!this.closing) this.subscriber.unsubscribe(channel).catch(() => {});
    };
    if (first) {
      const confirmed = this.subscriber.subscribe(channel);
      if (this.subscriber.status === 'ready') await confirmed.catch(() => {});
      else confirmed.catch(() => {});
    }
    return unsubscribe;
  }

  /** Publishes without waiting for Redis's answer; queued while disconnected. */
  publish(channel: string, message: Buffer | string): void {
    this.commands.publish(channel, message).catch((err: unknown) => {
      this.log.warn({ err, channel }, 'publishing to Redis failed');
    });
  }

  /** Round trip to Redis, for readiness; rejects at once while a connection is down. */
  async ping(): Promise<void> {
    if (!this.isReady) throw new Error(`Redis connection is ${this.commands.status}`);
    await this.commands.ping();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.handlers.clear();
    // QUIT lets publishes still queued go out first; an unreachable Redis gets a second.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([this.commands.quit(), this.subscriber.quit()]),
      new Promise((resolve) => (timer = setTimeout(resolve, 1000))),
    ]);
    clearTimeout(timer);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}

/** The URL without its password, for messages and logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
