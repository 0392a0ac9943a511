/**
 * "Start a review round" (authors): which chapters (none ticked: the whole
 * document), by when, with what message, and when to remind. Says so when the
 * server sends no email.
 */
import { useMemo, useState, type SubmitEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { DEFAULT_ROUND_REMINDER_HOURS, MAX_ROUND_MESSAGE_LENGTH, MAX_ROUND_REMINDER_HOURS } from '@concord/shared';
import { Dialog, DialogFormActions } from '../app/Dialog';
import { roundsApi } from '../api/rounds';

interface Heading {
  id: string;
  level: number;
  title: string;
}

function headingsOf(editor: Editor | null): Heading[] {
  const out: Heading[] = [];
  editor?.state.doc.descendants((node) => {
    if (node.type.name !== 'heading') return true;
    const id = node.attrs.id as unknown;
    if (typeof id === 'string' && id) out.push({ id, level: Number(node.attrs.level) || 1, title: node.textContent || 'Untitled heading' });
    return false;
  });
  return out;
}

/** `datetime-local` value a week from now at 17:00, in the browser's time zone. */
function defaultDeadline(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600_000);
  d.setHours(17, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T17:00`;
}

export function StartRoundDialog({
  docId,
  editor,
  mailConfigured,
  onClose,
  onOpened,
}: {
  docId: string;
  editor: Editor | null;
  mailConfigured: boolean;
  onClose: () => void;
  onOpened: () => void;
}) {
  const headings = useMemo(() => headingsOf(editor), [editor]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [deadline, setDeadline] = useState(defaultDeadline);
  const [message, setMessage] = useState('');
  const [reminderHours, setReminderHours] = useState(DEFAULT_ROUND_REMINDER_HOURS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The browser's local time, sent as one instant (UTC).
      const at = new Date(deadline);
      if (Number.isNaN(at.getTime())) throw new Error('Choose a deadline.');
      await roundsApi.open(docId, {
        deadline: at.toISOString(),
        message,
        reminderHours,
        ...(chosen.size > 0 ? { sections: headings.filter((h) => chosen.has(h.id)).map((h) => h.id) } : {}),
      });
      onOpened();
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Dialog title="Start a review round" onClose={onClose} testId="start-round">
      <form onSubmit={(e) => void submit(e)} className="form">
        <fieldset className="field round-sections">
          <legend>Sections to review (none ticked: the whole document; a chapter includes its sub-sections)</legend>
          {headings.length === 0 && <p className="muted">This document has no headings: the round covers all of it.</p>}
          <ul className="round-sections__list">
            {headings.map((h) => (
              <li key={h.id} style={{ paddingLeft: `${(h.level - 1) * 1.1}rem` }}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(h.id)}
                    onChange={() => toggle(h.id)}
                    data-testid="round-section"
                    data-heading={h.id}
                  />{' '}
                  {h.title}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label className="field">
          <span>Deadline (your time)</span>
          <input
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            required
            data-testid="round-deadline"
          />
        </label>
        <label className="field">
          <span>Message to the commissioners</span>
          <textarea
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={MAX_ROUND_MESSAGE_LENGTH}
            rows={3}
            data-testid="round-message"
          />
        </label>
        <label className="field">
          <span>Email a reminder this many hours before the deadline (0: none)</span>
          <input
            type="number"
            min={0}
            max={MAX_ROUND_REMINDER_HOURS}
            value={reminderHours}
            onChange={(e) => setReminderHours(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </label>
        {!mailConfigured && (
          <p className="banner banner--warn" data-testid="round-no-email">
            This server sends no email (no SMTP configured): commissioners will see the round only when they open Concord.
          </p>
        )}
        <DialogFormActions
          error={error}
          busy={busy}
          onCancel={onClose}
          submit="Start the round"
          busyLabel="Starting…"
          submitTestId="round-submit"
        />
      </form>
    </Dialog>
  );
}
