/**
 * "Sign off" beside a section in the outline (commissioners only): a dialog
 * that says first what one click will do — how many blocks, which I already
 * agree with, which I dispute (left alone unless I tick the box) — then agrees
 * with the rest in one request. If any block changed on the server meanwhile,
 * nothing is recorded and the dialog lists what changed.
 */
import { useState } from 'react';
import { Dialog } from '../app/Dialog';
import { plural } from '../app/format';
import type { ConsensusStore } from './consensus-store';
import { signOffPlan, type SignOffPlan } from './section-signoff';
import { useConsensus } from './use-consensus';

/**
 * `canSignOff` comes from the outline (`useCanSignOff`, asked once for every row): a row listening
 * to the store itself would be woken by each publish, and a long outline has hundreds of rows.
 */
export function SectionSignOff({
  store,
  headingId,
  title,
  canSignOff,
}: {
  store: ConsensusStore | null;
  headingId: string | null;
  title: string;
  canSignOff: boolean;
}) {
  const [open, setOpen] = useState(false);
  if (!store || !headingId) return null;
  return (
    <>
      {canSignOff && <SignOffButton title={title} onOpen={() => setOpen(true)} />}
      {open && <SignOffDialog store={store} headingId={headingId} onClose={() => setOpen(false)} />}
    </>
  );
}

function SignOffButton({ title, onOpen }: { title: string; onOpen: () => void }) {
  return (
    <button
      className="cg-signoff-button"
      onClick={onOpen}
      aria-label={`Sign off section “${title}”`}
      title="Agree with every paragraph of this section at once"
      data-testid="section-signoff"
    >
      ✓✓
    </button>
  );
}

function SignOffDialog({ store, headingId, onClose }: { store: ConsensusStore; headingId: string; onClose: () => void }) {
  const snapshot = useConsensus(store);
  const view = store.freshView();
  const plan = view ? signOffPlan(view, headingId, snapshot.me) : null;
  const [includeDisputed, setIncludeDisputed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState<{ blockId: string; text: string | null }[] | null>(null);

  if (!plan) {
    return (
      <Dialog title="Sign off this section" onClose={onClose} testId="signoff-dialog">
        <p>This section is no longer in the document.</p>
        <div className="dialog__actions">
          <button className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  const targets = [...plan.toReview, ...(includeDisputed ? plan.disputed : [])].map((e) => e.block.id!);

  async function confirm(p: SignOffPlan) {
    setBusy(true);
    setError(null);
    setChanged(null);
    const outcome = await store.agreeMany(targets, p.headingId);
    setBusy(false);
    if (outcome.ok) {
      store.notify(`You agree with ${plural(outcome.count, 'block')} of “${p.title}”.`);
      onClose();
    } else if ('changed' in outcome) setChanged(outcome.changed);
    else setError(outcome.error);
  }

  return (
    <Dialog title={`Sign off “${plan.title}”`} onClose={onClose} testId="signoff-dialog">
      <p data-testid="signoff-summary">
        This section has {plural(plan.total, 'block')}. You already agree with {plan.agreed.length}
        {plan.disputed.length > 0 ? `, dispute ${plan.disputed.length}` : ''} and have not voted on {plan.toReview.length} as they read now.
      </p>
      {plan.disputed.length > 0 && (
        <div className="cg-signoff__disputed">
          <p>You dispute:</p>
          <ul data-testid="signoff-disputed">
            {plan.disputed.map((e) => (
              <li key={e.block.id}>“{short(e.block.text)}”</li>
            ))}
          </ul>
          <label className="cg-signoff__check">
            <input
              type="checkbox"
              checked={includeDisputed}
              onChange={(e) => setIncludeDisputed(e.target.checked)}
              data-testid="signoff-include-disputed"
            />{' '}
            Withdraw these disputes and agree with them too
          </label>
        </div>
      )}
      {changed && (
        <div className="form__error" role="alert" data-testid="signoff-conflict">
          <p>
            Nothing was recorded: {plural(changed.length, 'block')} changed since you read them. Read the new wording, then sign off again.
          </p>
          <ul>
            {changed.map((c) => (
              <li key={c.blockId}>{c.text === null ? '(deleted)' : `“${short(c.text)}”`}</li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          className="button button--primary"
          disabled={busy || targets.length === 0}
          onClick={() => void confirm(plan)}
          data-testid="signoff-confirm"
        >
          {targets.length === 0 ? 'Nothing left to agree' : `Agree with ${plural(targets.length, 'block')}`}
        </button>
      </div>
    </Dialog>
  );
}

function short(text: string): string {
  return text.length > 90 ? `${text.slice(0, 88)}…` : text;
}
