/** "Email settings" (user menu): per document, every event, a daily digest (the default) or none. */
import { useEffect, useState } from 'react';
import type { EmailMode, NotificationSettingsJson } from '@concord/shared';
import { Dialog } from '../app/Dialog';
import { emailSettingsApi } from '../api/rounds';

const LABELS: Record<EmailMode, string> = {
  every: 'Every event',
  digest: 'Daily digest',
  none: 'No email (in-app only)',
};

export function EmailSettingsDialog({ onClose }: { onClose: () => void }) {
  const [settings, setSettings] = useState<NotificationSettingsJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    emailSettingsApi.get().then(setSettings, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);
  const change = async (docId: string, email: EmailMode) => {
    setError(null);
    try {
      setSettings(await emailSettingsApi.set({ docId, email }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Dialog title="Email settings" onClose={onClose} testId="email-settings">
      {settings && !settings.mail.configured && (
        <p className="banner banner--warn" data-testid="email-not-configured">
          This server sends no email: your choices apply once its administrator configures it.
        </p>
      )}
      {settings && settings.settings.length === 0 && <p className="muted">You are not a member of any document yet.</p>}
      {settings && settings.settings.length > 0 && (
        <ul className="email-settings">
          {settings.settings.map((s) => (
            <li key={s.docId}>
              <label className="field">
                <span>{s.docTitle}</span>
                <select
                  value={s.email}
                  onChange={(e) => void change(s.docId, e.target.value as EmailMode)}
                  data-testid="email-mode"
                  data-doc={s.docId}
                >
                  {(Object.keys(LABELS) as EmailMode[]).map((mode) => (
                    <option key={mode} value={mode}>
                      {LABELS[mode]}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
        </ul>
      )}
      {!settings && !error && <p className="muted">Loading…</p>}
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
