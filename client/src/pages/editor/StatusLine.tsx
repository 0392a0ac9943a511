/**
 * The status line never lies: "All changes saved" only when the server has
 * confirmed, durably, everything on this device. Tests read the data-state
 * attributes: connection-status (loading|connecting|connected|reconnecting|offline|closed|reload)
 * and save-status (saved|unsaved|offline|readonly), with data-unsaved = N.
 */
import type { DocSession, SyncSnapshot } from '../../sync/doc-session';
import { useLayoutEffect, useRef } from 'react';
import { useSyncValue } from '../../sync/use-doc-session';
import { plural } from '../../app/format';
import { afterNextPaint, type Cancel } from '../../sync/after-paint';

const SAVED_TEXT = 'All changes saved';

const CONNECTION_TEXT: Record<SyncSnapshot['phase'], string> = {
  loading: 'Opening…',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
  // With the alert above the document (SyncNotice): the page must be reloaded, nothing is retried.
  reload: 'Reload needed',
};

/**
 * Reads the session itself, and writes the save status straight into the DOM:
 * the unsaved count changes at every keystroke and every acknowledgement, and a
 * React commit while the editor has focus walks the editor's whole DOM (React
 * saves and restores the selection around each commit) — tens of milliseconds
 * per keystroke on a 150-page report. A change of state (saved, unsaved,
 * offline) is painted with the change that caused it, so "All changes saved"
 * never stays a frame too long; a new count alone waits until after the frame,
 * like the rest of a keystroke's bookkeeping (issue 11).
 *
 * Both texts stay in place, one on top of the other, and the state shows one
 * (save-status CSS): typing after "All changes saved" changes which one is
 * visible, not the text, so the page needs no new layout. A new text did: the
 * editor measures the caret at the end of every keystroke, and the page was
 * laid out again for it (~1.5 ms a key on the 150-page report, BENCHMARKS.md
 * "Round 11 (client: keystroke)"). The box is as wide as the wider text, so the
 * header does not shift as the state changes.
 */
export function StatusLine({ session, editable }: { session: DocSession; editable: boolean }) {
  const phase = useSyncValue(session, (s) => s.phase);
  const saveRef = useRef<HTMLSpanElement>(null);
  const otherRef = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const paint = () => {
      const el = saveRef.current;
      const other = otherRef.current;
      if (!el || !other) return;
      const sync = session.getSnapshot();
      const save = saveState(sync, editable);
      if (el.dataset.state !== save.state) {
        el.dataset.state = save.state;
        el.className = `save-status save-status--${save.state}`;
      }
      if (el.dataset.unsaved !== String(sync.unsaved)) el.dataset.unsaved = String(sync.unsaved);
      // Saved: the other text stays as it was (hidden), ready for the next keystroke.
      if (save.state !== 'saved' && other.textContent !== save.text) other.textContent = save.text;
    };
    let cancel: Cancel | null = null;
    const onChange = () => {
      const stateChanged = saveRef.current?.dataset.state !== saveState(session.getSnapshot(), editable).state;
      if (stateChanged) {
        cancel?.();
        cancel = null;
        paint();
      } else {
        cancel ??= afterNextPaint(() => {
          cancel = null;
          paint();
        });
      }
    };
    paint();
    const unsubscribe = session.subscribe(onChange);
    return () => {
      cancel?.();
      unsubscribe();
    };
  }, [session, editable]);
  return (
    <div className="status-line" data-testid="status-line">
      <span className={`status-dot status-dot--${phase}`} aria-hidden="true" />
      <span data-testid="connection-status" data-state={phase}>
        {CONNECTION_TEXT[phase]}
      </span>
      <span className="status-line__sep" aria-hidden="true">
        ·
      </span>
      <span ref={saveRef} data-testid="save-status" role="status" aria-live="polite">
        <span className="save-status__saved">{SAVED_TEXT}</span>
        <span ref={otherRef} className="save-status__other" />
      </span>
    </div>
  );
}

/** Shown above the document when something needs the reader's attention. */
export function SyncNotice({ session, editable }: { session: DocSession; editable: boolean }) {
  // A string, so that a keystroke re-renders nothing unless the text shown changes.
  const notice = useSyncValue(session, (sync) => noticeOf(sync, editable));
  if (notice === null) return null;
  const [kind, text] = [notice.slice(0, notice.indexOf(':')), notice.slice(notice.indexOf(':') + 1)];
  if (kind === 'error') {
    return (
      <div className="banner banner--warn" role="alert" data-testid="sync-error">
        {text}
      </div>
    );
  }
  return (
    <div className="banner banner--warn" data-testid="offline-notice">
      {text}
    </div>
  );
}

function noticeOf(sync: SyncSnapshot, editable: boolean): string | null {
  const disconnected = sync.phase === 'offline' || sync.phase === 'reconnecting';
  if (sync.reloadRequired)
    return 'error:Concord was updated on the server. Reload this page to keep working; changes on this device are kept.';
  if (sync.lastError) return `error:The server refused a change: ${sync.lastError.message}`;
  if (!editable || !disconnected || sync.unsaved === 0) return null;
  return sync.noLocalCopy
    ? `offline:The server cannot be reached. ${plural(sync.unsaved, 'change')} will be saved when it is back: keep this tab open until then.`
    : `offline:The server cannot be reached. Your ${plural(sync.unsaved, 'change')} are kept on this device and will be saved when it is back.`;
}

function saveState(sync: SyncSnapshot, editable: boolean): { state: 'saved' | 'unsaved' | 'offline' | 'readonly'; text: string } {
  if (!editable) return { state: 'readonly', text: 'Read only' };
  if (sync.unsaved === 0) return { state: 'saved', text: SAVED_TEXT };
  const text = `${plural(sync.unsaved, 'change')} not yet saved`;
  return { state: sync.phase === 'connected' ? 'unsaved' : 'offline', text };
}
