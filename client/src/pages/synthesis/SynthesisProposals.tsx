/**
 * Proposals on the synthesis page (issue 16): the open alternative wordings of
 * a disputed block beside the disputes they might resolve, adopted from here
 * when the commission supports one, and a proposal written straight from the
 * disputes — the author's rewording then collects support before it replaces
 * the text, instead of setting every agreement aside as an edit would.
 */
import { useState } from 'react';
import { proposalsApi, type ProposalJson } from '../../api/proposals';
import type { SynthesisBlock } from '../../api/synthesis';
import { draftContent } from '../../proposals/proposal-store';
import { plural } from '../../app/format';
import { WordDiff } from '../../app/WordDiff';

const MAX_RATIONALE = 1000;

export function SynthesisProposals({ docId, block, onChanged }: { docId: string; block: SynthesisBlock; onChanged: () => void }) {
  if (block.proposals.length === 0) return null;
  return (
    <section className="syn-group" data-testid="synthesis-proposals">
      <h3 className="syn-group__title">Proposed wordings</h3>
      <ul className="syn-group__list">
        {block.proposals.map((p) => (
          <ProposalRow key={p.id} docId={docId} proposal={p} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function ProposalRow({ docId, proposal, onChanged }: { docId: string; proposal: ProposalJson; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { consensus } = proposal;

  async function adopt(force: boolean) {
    if (
      force &&
      !window.confirm(
        'Adopt this wording without the commission’s agreement? It replaces the text, which then needs agreement like any edit.',
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      await proposalsApi.adopt(docId, proposal.id, force);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="syn-proposal" data-testid="synthesis-proposal" data-proposal-id={proposal.id} data-status={consensus.status}>
      <p>
        <span className="syn-who">{proposal.authorName}</span>{' '}
        <span className="muted">
          {plural(consensus.support, 'supporter')}, {plural(consensus.object, 'objection')}
          {consensus.meetsRule ? ' · meets the rule' : ''}
        </span>
      </p>
      <WordDiff parts={proposal.changes} className="word-diff" testId="word-diff" />
      {proposal.rationale && <p className="syn-reason">{proposal.rationale}</p>}
      {consensus.objectors.length > 0 && (
        <ul className="syn-proposal__objections">
          {consensus.objectors.map((o) => (
            <li key={o.userId}>
              <span className="syn-who">{o.name}</span> objects{o.reason ? `: ${o.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
      {proposal.outdated ? (
        <p className="muted" data-testid="synthesis-proposal-outdated">
          Written against an older text: its author must update it before it can be adopted.
        </p>
      ) : (
        <div className="syn-block__actions">
          {consensus.meetsRule ? (
            <button className="button button--primary" disabled={busy} onClick={() => void adopt(false)} data-testid="synthesis-adopt">
              Adopt this wording
            </button>
          ) : (
            <button className="button" disabled={busy} onClick={() => void adopt(true)} data-testid="synthesis-adopt-force">
              Adopt without agreement…
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="form__error" role="alert" data-testid="synthesis-proposal-error">
          {error}
        </p>
      )}
    </li>
  );
}

/** "Propose a wording": the block's text to rework, a reason, sent as a proposal on the text as it stands. */
export function ProposeFromDispute({ docId, block, onChanged }: { docId: string; block: SynthesisBlock; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(block.text);
  const [rationale, setRationale] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (block.kind !== 'paragraph' && block.kind !== 'heading') return null;
  const kind = block.kind;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await proposalsApi.create(docId, block.id, {
        content: draftContent({ kind, level: block.level, text }),
        base: block.fingerprint,
        ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
      });
      setOpen(false);
      setRationale('');
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button
        className="button"
        onClick={() => {
          setText(block.text);
          setOpen(true);
        }}
        data-testid="synthesis-propose"
        title="Write a new wording that the commission supports before it replaces the text"
      >
        Propose a wording
      </button>
    );
  }
  const unchanged = text.trim() === block.text.trim();
  return (
    <div className="syn-propose" data-testid="synthesis-propose-form">
      <label className="field">
        <span>New wording</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} autoFocus data-testid="synthesis-propose-text" />
      </label>
      <label className="field">
        <span>Why (optional): which disputes it answers</span>
        <input
          value={rationale}
          maxLength={MAX_RATIONALE}
          onChange={(e) => setRationale(e.target.value)}
          data-testid="synthesis-propose-rationale"
        />
      </label>
      <div className="review-request__actions">
        <button className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button
          className="button button--primary"
          disabled={busy || unchanged || !text.trim()}
          onClick={() => void send()}
          data-testid="synthesis-propose-send"
        >
          Send proposal
        </button>
      </div>
      {unchanged && <p className="muted">Change the wording to propose it.</p>}
      {error && (
        <p className="form__error" role="alert" data-testid="synthesis-propose-error">
          {error}
        </p>
      )}
    </div>
  );
}
