/**
 * Runs RoundService.tick at start (a deadline that passed while the server was
 * down closes at once) and then every ROUND_CHECK_MS. Runs never overlap, and a
 * failure is logged: a background timer must never take the process down.
 */
import type { Logger } from '../logger.js';
import type { RoundService } from './round-service.js';

/** How often deadlines and reminders are checked: a round closes at most this late. */
export const ROUND_CHECK_MS = 30_000;

export class RoundScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly rounds: RoundService,
    private readonly log: Logger,
    private readonly intervalMs = ROUND_CHECK_MS,
  ) {}

  async start(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** One check now, after any that is running. */
  run(now?: Date): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped) return;
      try {
        await this.rounds.tick(now);
      } catch (err) {
        this.log.error({ err }, 'review round check failed');
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
