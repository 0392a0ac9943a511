/**
 * Agree / Dispute / Withdraw for commissioners, the dispute reason form, and
 * the second chance after a 409: "this paragraph changed — it now reads …".
 */
import { useLayoutEffect, useRef, useState, type SubmitEvent } from 'react';
import type { Stance } from '@concord/shared';
import type { ConsensusSnapshot, ConsensusStore, PendingConflict } from './consensus-store';
import type { BlockDetail } from './block-detail';
import { withShortcut } from './shortcuts';

const MAX_REASON = 2000;
const SEND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘↵' : 'Ctrl+Enter';

export function VoteActions({ store, snapshot, detail }: { store: ConsensusStore; snapshot: ConsensusSnapshot; detail: BlockDetail }) {
  const open = snapshot.open;
  const conflict = open?.blockId === detail.blockId ? open.conflict : undefined;
  const [disputing, setDisputing] = useState(open?.mode === 'dispute');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!snapshot.isCommissioner) {
    return <p className="cg-popover__note muted">Only commissioners vote. You can read every vote and reason here.</p>;
  }

  async function cast(stance: Stance, reason?: string, fingerprint?: string): Promise<void> {
    setBusy(true);
    setError(null);
    const outcome = await store.vote(detail.blockId, stance, reason, fingerprint);
    setBusy(false);
    if (outcome.ok) {
      if (stance === 'dispute') store.saveDisputeDraft(detail.blockId, '');
      setDisputing(false);
      if (conflict) store.openDetails(detail.blockId, 'view');
    } else if ('conflict' in outcome) {
      const next: PendingConflict = {
        stance,
        fingerprint: outcome.conflict.fingerprint,
        text: outcome.conflict.text,
        ...(reason ? { reason } : {}),
      };
      store.openDetails(detail.blockId, 'view', next);
    } else {
      setError(outcome.error);
    }
  }

  async function withdraw(): Promise<void> {
    setBusy(true);
    setError(null);
    const outcome = await store.withdraw(detail.blockId);
    setBusy(false);
    if (!outcome.ok && 'error' in outcome) setError(outcome.error);
  }

  if (conflict) {
    return (
      <div className="cg-callout cg-callout--conflict" data-testid="vote-conflict" role="alert">
        <p>
          This paragraph changed before your {conflict.stance === 'agree' ? 'agreement' : 'dispute'} reached the server, so it was not
          recorded. It now reads:
        </p>
        <blockquote className="cg-quote" data-testid="conflict-text">
          {conflict.text}
        </blockquote>
        <div className="cg-actions">
          <button
            className={`button ${conflict.stance === 'agree' ? 'button--primary' : 'button--danger'}`}
            disabled={busy}
            onClick={() => void cast(conflict.stance, conflict.reason, conflict.fingerprint)}
            data-testid="vote-conflict-confirm"
          >
            {conflict.stance === 'agree' ? 'Agree with this wording' : 'Dispute this wording'}
          </button>
          <button
            className="button"
            disabled={busy}
            onClick={() => store.openDetails(detail.blockId, 'view')}
            data-testid="vote-conflict-cancel"
          >
            Cancel
          </button>
        </div>
        {error && <p className="form__error">{error}</p>}
      </div>
    );
  }

  if (disputing) {
    return (
      <DisputeForm
        // Drawn again once my earlier reason arrives (the popover fetches the votes in full when it
        // opens), to start from it; anything typed before that is the draft, which comes first.
        key={detail.mine && !detail.mine.detail ? 'reason-pending' : 'reason-known'}
        busy={busy}
        error={error}
        initial={store.disputeDraft(detail.blockId) ?? (detail.mine?.stance === 'dispute' ? (detail.mine.detail?.reason ?? '') : '')}
        onDraft={(text) => store.saveDisputeDraft(detail.blockId, text)}
        onCancel={() => setDisputing(false)}
        onSubmit={(reason) => void cast('dispute', reason)}
      />
    );
  }

  const iAgree = detail.myStance === 'agree';
  const iDispute = detail.myStance === 'dispute';
  const agreementStale = detail.mine?.stance === 'agree' && detail.mine.fingerprint !== detail.fingerprint;
  return (
    <div className="cg-actions-block">
      <div className="cg-actions">
        {agreementStale ? (
          <button
            className="button button--primary"
            disabled={busy}
            onClick={() => void cast('agree')}
            data-testid="vote-reagree"
            title={withShortcut('Agree with the new wording', 'agree')}
          >
            ✓ Agree with the new wording
          </button>
        ) : (
          <button
            className={`button ${iAgree ? 'cg-button--chosen' : 'button--primary'}`}
            disabled={busy || iAgree}
            onClick={() => void cast('agree')}
            data-testid="vote-agree"
            title={withShortcut('Agree with this wording', 'agree')}
          >
            {iAgree ? '✓ You agree' : '✓ Agree'}
          </button>
        )}
        <button
          className={`button ${iDispute ? 'cg-button--chosen-dispute' : ''}`}
          disabled={busy}
          onClick={() => setDisputing(true)}
          data-testid="vote-dispute"
          title={withShortcut('Dispute this wording (a reason is required)', 'dispute')}
        >
          {iDispute ? '✗ Change my reason…' : '✗ Dispute…'}
        </button>
        {detail.mine && (
          <button
            className="button button--quiet"
            disabled={busy}
            onClick={() => void withdraw()}
            data-testid="vote-withdraw"
            title="Take back your vote on this paragraph"
          >
            Withdraw my vote
          </button>
        )}
      </div>
      {error && (
        <p className="form__error" role="alert" data-testid="vote-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function DisputeForm({
  busy,
  canSend = true,
  error,
  initial,
  onDraft,
  onCancel,
  onSubmit,
}: {
  busy: boolean;
  /** False while the votes are still loading: the reason can be typed, not yet sent. */
  canSend?: boolean;
  error: string | null;
  initial: string;
  onDraft: (text: string) => void;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState(initial);
  const input = useRef<HTMLTextAreaElement>(null);
  const trimmed = reason.trim();
  // Focus without scrolling the page (the popover is fixed; autoFocus would scroll to where it was first drawn),
  // caret after a carried-over draft. Before paint, so no keystroke falls between the old form and this one.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  function submit(e?: SubmitEvent) {
    e?.preventDefault();
    if (busy || !canSend) return;
    if (trimmed && reason.length <= MAX_REASON) onSubmit(trimmed);
  }
  return (
    <form className="cg-dispute" onSubmit={submit} data-testid="dispute-form">
      <label className="field">
        <span>Why do you dispute this wording?</span>
        <textarea
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            onDraft(e.target.value);
          }}
          maxLength={MAX_REASON}
          rows={4}
          required
          ref={input}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
          aria-describedby="dispute-count"
          placeholder="Say what you cannot sign and, if you can, what would fix it."
          data-testid="dispute-reason-input"
        />
      </label>
      <p className="cg-dispute__count muted" id="dispute-count">
        {reason.length} / {MAX_REASON} · required: others see your reason with your name · {SEND_KEYS} sends
      </p>
      <div className="cg-actions">
        <button
          className="button button--danger"
          type="submit"
          disabled={busy || !canSend || !trimmed}
          data-testid="dispute-submit"
          title={`Send dispute (${SEND_KEYS})`}
        >
          Send dispute <kbd className="cg-kbd">{SEND_KEYS}</kbd>
        </button>
        <button className="button" type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {error && <p className="form__error">{error}</p>}
    </form>
  );
}
