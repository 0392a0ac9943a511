/**
 * Stops and restarts reading from every client socket at once. The write
 * batcher closes it while too many bytes wait for the disk: the data stays in
 * the kernel's socket buffers and TCP slows the senders down, so a slow disk
 * delays acknowledgements instead of growing the server's memory.
 */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export class ReadGate {
  private readonly sockets = new Set<Pausable>();
  private isPaused = false;

  get paused(): boolean {
    return this.isPaused;
  }

  /** Tracks a socket until the returned function is called; a socket joining while paused starts paused. */
  register(socket: Pausable): () => void {
    this.sockets.add(socket);
    if (this.isPaused) socket.pause();
    return () => {
      this.sockets.delete(socket);
    };
  }

  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    for (const s of this.sockets) s.pause();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    for (const s of this.sockets) s.resume();
  }
}
