/**
 * Other people's work — their edits arriving, their carets moving — done at
 * most once a frame, and never in the frame that paints my own keystroke.
 *
 * With five collaborators typing ~5 keys/s each, the editor received ~25
 * document updates and as many presence updates a second, and applied each on
 * arrival as its own Yjs transaction and ProseMirror view update (DOM diff,
 * decoration walk over the ~1,700 top-level blocks of the report, every plugin
 * view), some of them between my keydown and the paint that shows it (issue 11).
 * Work scheduled here runs together in one animation-frame callback: first the
 * 'apply' tasks (remote-inbox.ts applies the frame's updates in one
 * transaction), then the 'draw' tasks (carets, redrawn only if those updates
 * did not redraw them already: quiet-caret.ts).
 *
 * A key pressed here has priority: the frame after a keydown paints that
 * keystroke, so work due in that frame waits for the next one — at most
 * MAX_KEY_DEFERRALS frames in a row, so that a held key cannot hold back
 * everyone else's edits.
 *
 * A hidden page gets no animation frames: there the work runs in a task of its
 * own (setTimeout 0); FALLBACK_MS bounds the wait if frames stop for any other
 * reason.
 */

export type FramePhase = 'apply' | 'draw';
type Task = () => void;

/** What the scheduler needs from the page (a test drives frames itself). */
export interface FrameHost {
  requestFrame(callback: () => void): unknown;
  cancelFrame(handle: unknown): void;
  hidden(): boolean;
  /** Calls `listener` on every key pressed in the page, before the editor sees the key. */
  onKey(listener: () => void): void;
  /** Calls `listener` when the page becomes hidden. */
  onHidden(listener: () => void): void;
}

export const MAX_KEY_DEFERRALS = 3;
const FALLBACK_MS = 1000;

export class FrameScheduler {
  private readonly tasks: Record<FramePhase, Set<Task>> = { apply: new Set(), draw: new Set() };
  /** The frame callback requested, and whether it runs the tasks or only waits for the frame after. */
  private frame: { handle: unknown; runs: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** A keystroke was handled and the frame that paints it has not started yet. */
  private keyAwaitingPaint = false;
  private deferrals = 0;
  private running = false;

  constructor(private readonly host: FrameHost) {
    host.onKey(() => this.keyPressed());
    host.onHidden(() => {
      if (!this.frame) return;
      this.cancel();
      this.timer = setTimeout(this.run, 0);
    });
  }

  /** Runs `task` once in the next frame that paints no keystroke of mine (a task already due runs once). */
  schedule(task: Task, phase: FramePhase = 'apply'): void {
    this.tasks[phase].add(task);
    if (!this.running) this.request();
  }

  /** Whether work is waiting for a frame. */
  get pending(): boolean {
    return this.tasks.apply.size + this.tasks.draw.size > 0;
  }

  private request(): void {
    if (this.frame || this.timer) return;
    if (this.host.hidden()) {
      this.timer = setTimeout(this.run, 0);
      return;
    }
    // Scheduled after a keydown but before its frame: that frame is the keystroke's.
    this.frame = { handle: this.host.requestFrame(this.keyAwaitingPaint ? this.skipFrame : this.run), runs: !this.keyAwaitingPaint };
    this.timer = setTimeout(this.run, FALLBACK_MS);
  }

  private keyPressed(): void {
    if (!this.keyAwaitingPaint) {
      this.keyAwaitingPaint = true;
      // Requested now, so it runs in the keystroke's frame; ours, if requested earlier, runs before it.
      this.host.requestFrame(() => (this.keyAwaitingPaint = false));
    }
    if (this.frame?.runs && this.deferrals < MAX_KEY_DEFERRALS) {
      this.deferrals++;
      this.host.cancelFrame(this.frame.handle);
      this.frame = { handle: this.host.requestFrame(this.skipFrame), runs: false };
    }
  }

  /** Called in the keystroke's frame: the work runs in the next one. */
  private readonly skipFrame = (): void => {
    this.frame = { handle: this.host.requestFrame(this.run), runs: true };
  };

  private cancel(): void {
    if (this.frame) this.host.cancelFrame(this.frame.handle);
    if (this.timer) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
  }

  private readonly run = (): void => {
    this.cancel();
    this.deferrals = 0;
    this.running = true;
    try {
      drain(this.tasks.apply);
      drain(this.tasks.draw);
      // A draw task that scheduled more (rare): it runs now too rather than a frame late.
      drain(this.tasks.apply);
      drain(this.tasks.draw);
    } finally {
      this.running = false;
      if (this.pending) this.request();
    }
  };
}

/** Runs and removes every task; one that throws does not stop the others (its error is reported afterwards). */
function drain(tasks: Set<Task>): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** The page's animation frames, keys and visibility; null outside a browser. */
function pageHost(): FrameHost | null {
  if (typeof window === 'undefined' || typeof window.requestAnimationFrame !== 'function') return null;
  return {
    requestFrame: (callback) => window.requestAnimationFrame(() => callback()),
    cancelFrame: (handle) => window.cancelAnimationFrame(handle as number),
    hidden: () => document.visibilityState === 'hidden',
    onKey: (listener) => {
      // Capture on the window: before ProseMirror handles (and paints) the key.
      window.addEventListener('keydown', listener, true);
      window.addEventListener('beforeinput', listener, true);
    },
    onHidden: (listener) =>
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'hidden') listener();
      }),
  };
}

/** Without a page (Node): a task stands in for a frame. */
const taskHost: FrameHost = {
  requestFrame: (callback) => setTimeout(callback, 0),
  cancelFrame: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  hidden: () => false,
  onKey: () => {},
  onHidden: () => {},
};

let shared: FrameScheduler | null = null;

/** The page's one scheduler for other people's work (every open document and editor shares its frames). */
export function remoteFrames(): FrameScheduler {
  shared ??= new FrameScheduler(pageHost() ?? taskHost);
  return shared;
}
