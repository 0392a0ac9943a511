import { useState, type SubmitEvent } from 'react';
import { ApiError, authApi } from '../api';
import { Dialog, DialogFormActions } from './Dialog';

const MIN_LENGTH = 8;

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(null);
    if (next.length < MIN_LENGTH) return setError(`The new password must be at least ${MIN_LENGTH} characters.`);
    if (next !== repeat) return setError('The two new passwords are not the same.');
    setBusy(true);
    try {
      await authApi.changePassword(current, next);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? sentence(err.message) : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Dialog title="Password changed" onClose={onClose} testId="change-password">
        <p>Your password is changed. You stay signed in here; other devices are signed out.</p>
        <div className="dialog__actions">
          <button className="button button--primary" onClick={onClose} autoFocus>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Change password" onClose={onClose} testId="change-password">
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>Current password</span>
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span>New password</span>
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
            minLength={MIN_LENGTH}
            aria-describedby="new-password-hint"
          />
        </label>
        <small id="new-password-hint" className="field__hint">
          At least {MIN_LENGTH} characters. Changing it signs you out on your other devices.
        </small>
        <label className="field">
          <span>New password again</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </label>
        <DialogFormActions error={error} busy={busy} onCancel={onClose} submit="Change password" busyLabel="Changing…" />
      </form>
    </Dialog>
  );
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : text + '.';
}
