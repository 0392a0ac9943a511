/**
 * A render error anywhere in the app shows this page instead of a blank one.
 * Reloading loses nothing: every edit is written to this device's copy of the
 * document (IndexedDB) in the frame it was typed, and the editor's session,
 * closed as the page below is taken down, writes and sends whatever was still
 * pending (sync/outbox.ts); after the reload the editor opens from that copy
 * and sends the server what it has not confirmed.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Concord could not show this page', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="message-page" data-testid="render-error">
        <h1>Something went wrong on this page</h1>
        <p>Concord could not show this page. Nothing you wrote is lost: it is kept on this device, and reloading sends it to the server.</p>
        <p className="muted" data-testid="render-error-detail">
          {error.message}
        </p>
        <button className="button button--primary" onClick={() => location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
