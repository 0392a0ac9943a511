/**
 * Turns the provider's raw socket events into what a person should read:
 * connecting, connected, reconnecting (a brief blip), offline (it has been a
 * while, or the browser says so), closed (the server said "don't come back"),
 * reload (the server speaks another protocol version: only a reload helps).
 */
import type { WebsocketProvider } from 'y-websocket';

export type ConnectionPhase = 'loading' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed' | 'reload';

/** How long a lost connection may keep retrying before we call it "offline". */
const OFFLINE_AFTER_MS = 4000;

export class ConnectionPhaseTracker {
  private everConnected = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: ConnectionPhase = 'loading';

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly onPhase: (phase: ConnectionPhase) => void,
  ) {
    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.everConnected = true;
        this.clearTimer();
        this.set('connected');
      } else if (status === 'disconnected') {
        this.set('reconnecting');
        this.startTimer();
      } else if (status === 'connecting' && !this.everConnected) {
        this.set('connecting');
        this.startTimer();
      }
    });
    provider.on('closed', () => {
      this.clearTimer();
      this.set('closed');
    });
    window.addEventListener('offline', this.browserOffline);
  }

  /**
   * The session stopped the connection because this page cannot talk to the
   * server any more: call before disconnecting, so that the status never says
   * "reconnecting" or "offline" for a connection that will not be retried.
   */
  reloadRequired(): void {
    this.clearTimer();
    this.set('reload');
  }

  destroy(): void {
    this.clearTimer();
    window.removeEventListener('offline', this.browserOffline);
  }

  private browserOffline = (): void => {
    if (!this.provider.wsconnected && this.phase !== 'loading') this.set('offline');
  };

  private startTimer(): void {
    if (this.timer || this.phase === 'offline') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.provider.wsconnected) this.set('offline');
    }, OFFLINE_AFTER_MS);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Closed and reload are final: what the socket does after them changes nothing a person can do. */
  private set(phase: ConnectionPhase): void {
    if (this.phase === 'closed' || this.phase === 'reload' || phase === this.phase) return;
    this.phase = phase;
    this.onPhase(phase);
  }
}
