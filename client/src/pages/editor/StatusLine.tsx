/**
 * The status line never lies: "All changes saved" only when the server has
 * confirmed, durably, everything on this device. Tests read the data-state
 * attributes: connection-status (loading|connecting|connected|reconnecting|offline|closed)
 * and save-status (saved|unsaved|offline|readonly), with data-unsaved = N.
 */
import type { SyncSnapshot } from '../../sync/doc-session';
import { plural } from '../../app/format';

const CONNECTION_TEXT: Record<SyncSnapshot['phase'], string> = {
  loading: 'Opening…',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

export function StatusLine({ sync, editable }: { sync: SyncSnapshot; editable: boolean }) {
  const save = saveState(sync, editable);
  return (
    <div className="status-line" data-testid="status-line">
      <span className={`status-dot status-dot--${sync.phase}`} aria-hidden="true" />
      <span data-testid="connection-status" data-state={sync.phase}>
        {CONNECTION_TEXT[sync.phase]}
      </span>
      <span className="status-line__sep" aria-hidden="true">
        ·
      </span>
      <span data-testid="save-status" data-state={save.state} data-unsaved={sync.unsaved} role="status" aria-live="polite" className={`save-status save-status--${save.state}`}>
        {save.text}
      </span>
    </div>
  );
}

/** Shown above the document when something needs the reader's attention. */
export function SyncNotice({ sync, editable }: { sync: SyncSnapshot; editable: boolean }) {
  const disconnected = sync.phase === 'offline' || sync.phase === 'reconnecting';
  if (sync.lastError) {
    return (
      <div className="banner banner--warn" role="alert" data-testid="sync-error">
        The server refused a change: {sync.lastError.message}
      </div>
    );
  }
  if (!editable || !disconnected || sync.unsaved === 0) return null;
  return (
    <div className="banner banner--warn" data-testid="offline-notice">
      {sync.noLocalCopy
        ? `The server cannot be reached. ${plural(sync.unsaved, 'change')} will be saved when it is back: keep this tab open until then.`
        : `The server cannot be reached. Your ${plural(sync.unsaved, 'change')} are kept on this device and will be saved when it is back.`}
    </div>
  );
}

function saveState(sync: SyncSnapshot, editable: boolean): { state: 'saved' | 'unsaved' | 'offline' | 'readonly'; text: string } {
  if (!editable) return { state: 'readonly', text: 'Read only' };
  if (sync.unsaved === 0) return { state: 'saved', text: 'All changes saved' };
  const text = `${plural(sync.unsaved, 'change')} not yet saved`;
  return { state: sync.phase === 'connected' ? 'unsaved' : 'offline', text };
}
