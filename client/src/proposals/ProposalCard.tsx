/**
 * One proposal in the margin: who suggests what (as tracked changes), why,
 * where the commission stands under the document's rule, and the actions this
 * person may take — support, object, adopt, rebase, withdraw, reject.
 */
import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import { fingerprintBlock, type WordDiffPart } from '@concord/shared';
import { proposalsApi, type ProposalJson } from '../api/proposals';
import type { Capability } from '../api/types';
import { draftContent, type ProposalStore } from './proposal-store';

const STATUS_TEXT: Record<ProposalJson['consensus']['status'], string> = {
  agreed: 'Meets the rule — ready to adopt',
  disputed: 'Objected to',
  in_review: 'Collecting support',
  unreviewed: 'No support yet',
};

function DiffText({ parts, testId }: { parts: readonly WordDiffPart[]; testId?: string }) {
  return (
    <p className="proposal-card__text" data-testid={testId}>
      {parts.map((part, i) =>
        part.op === 'insert' ? (
          <ins key={i}>{part.text}</ins>
        ) : part.op === 'delete' ? (
          <del key={i}>{part.text}</del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export function ProposalCard({
  proposal: p,
  store,
  capabilities,
  editor,
}: {
  proposal: ProposalJson;
  store: ProposalStore;
  /** What my role may do here, as the server says. */
  capabilities: readonly Capability[];
  editor: Editor | null;
}) {
  const [error, setError] = useState<string | null>(null);
  const [objecting, setObjecting] = useState(false);
  const [reason, setReason] = useState('');
  const docId = store.docId;
  const me = store.me;
  const isCommissioner = capabilities.includes('vote');
  const manages = capabilities.includes('manage');
  const mine = p.votes.find((v) => v.userId === me && v.counted);
  const open = p.status === 'open';
  const act = async (run: () => Promise<ProposalJson>) => setError(await store.act(run));

  const rebase = () => {
    const node = findBlock(editor, p.blockId);
    if (!node) return setError('This paragraph is not in the document any more.');
    return act(() =>
      proposalsApi.revise(docId, p.id, {
        content: draftContent({
          kind: node.type.name === 'heading' ? 'heading' : 'paragraph',
          level: (node.attrs.level as number | undefined) ?? null,
          text: p.text,
          baseNode: node,
        }),
        base: fingerprintBlock(node),
        ...(p.rationale ? { rationale: p.rationale } : {}),
      }),
    );
  };

  return (
    <article
      className={`proposal-card proposal-card--${p.status}`}
      data-testid="proposal-card"
      data-proposal-id={p.id}
      data-block-id={p.blockId}
      style={p.authorColor ? ({ '--suggester': p.authorColor } as React.CSSProperties) : undefined}
    >
      <header className="proposal-card__head">
        <strong>{p.authorName}</strong> suggests{p.revision > 1 ? ` (revision ${p.revision})` : ''}
        <span className={`proposal-card__status is-${p.consensus.status}`} data-testid="proposal-status">
          {p.status === 'open'
            ? STATUS_TEXT[p.consensus.status]
            : p.status === 'adopted'
              ? p.forced
                ? 'Adopted by the author'
                : 'Adopted'
              : p.closedAs === 'rejected'
                ? 'Rejected'
                : 'Withdrawn'}
        </span>
      </header>
      <DiffText parts={p.changes} testId="proposal-changes" />
      {p.rationale && <p className="proposal-card__why">Why: {p.rationale}</p>}
      {open && p.outdated && (
        <div className="proposal-card__outdated" data-testid="proposal-outdated">
          The paragraph changed since this was written:
          {p.diff && <DiffText parts={p.diff} />}
          {p.authorId === me && (
            <button className="button button--small" onClick={rebase} data-testid="proposal-rebase">
              Rebase on the current text
            </button>
          )}
        </div>
      )}
      <p className="proposal-card__tally" data-testid="proposal-tally">
        {p.consensus.support} support{p.consensus.supporters.length ? ` (${p.consensus.supporters.map((s) => s.name).join(', ')})` : ''}
        {p.consensus.object > 0 &&
          ` · ${p.consensus.object} object: ${p.consensus.objectors.map((o) => `${o.name} — ${o.reason ?? ''}`).join('; ')}`}
      </p>
      {open && (
        <div className="proposal-card__actions">
          {isCommissioner && mine?.stance !== 'support' && (
            <button
              className="button button--small"
              onClick={() => act(() => proposalsApi.vote(docId, p.id, 'support'))}
              data-testid="proposal-support"
            >
              Support
            </button>
          )}
          {isCommissioner && mine?.stance !== 'object' && (
            <button className="button button--small" onClick={() => setObjecting(!objecting)} data-testid="proposal-object">
              Object…
            </button>
          )}
          {isCommissioner && mine && (
            <button className="button button--small button--quiet" onClick={() => act(() => proposalsApi.unvote(docId, p.id))}>
              Withdraw my {mine.stance === 'support' ? 'support' : 'objection'}
            </button>
          )}
          {capabilities.includes('edit') && p.consensus.meetsRule && !p.outdated && (
            <button
              className="button button--small button--primary"
              onClick={() => act(() => proposalsApi.adopt(docId, p.id))}
              data-testid="proposal-adopt"
            >
              Adopt
            </button>
          )}
          {manages && !p.consensus.meetsRule && !p.outdated && (
            <button
              className="button button--small"
              onClick={() =>
                window.confirm('Adopt this wording although it does not meet the rule? The new text will need agreement like any edit.') &&
                act(() => proposalsApi.adopt(docId, p.id, true))
              }
              data-testid="proposal-force-adopt"
            >
              Adopt without agreement
            </button>
          )}
          {p.authorId === me && (
            <button
              className="button button--small button--quiet"
              onClick={() => act(() => proposalsApi.withdraw(docId, p.id))}
              data-testid="proposal-withdraw"
            >
              Withdraw
            </button>
          )}
          {manages && (
            <button
              className="button button--small button--quiet"
              onClick={() => act(() => proposalsApi.reject(docId, p.id))}
              data-testid="proposal-reject"
            >
              Reject
            </button>
          )}
        </div>
      )}
      {objecting && (
        <form
          className="proposal-card__object"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError('Say why you object.');
            setObjecting(false);
            void act(() => proposalsApi.vote(docId, p.id, 'object', reason.trim()));
          }}
        >
          <input
            className="input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Why do you object?"
            aria-label="Reason for objecting"
            data-testid="proposal-object-reason"
            autoFocus
          />
          <button className="button button--small" type="submit">
            Object
          </button>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

function findBlock(editor: Editor | null, blockId: string) {
  let found: import('@tiptap/pm/model').Node | null = null;
  editor?.state.doc.descendants((node) => {
    if (found) return false;
    if (node.attrs.id === blockId && (node.type.name === 'paragraph' || node.type.name === 'heading')) found = node;
    return !found;
  });
  return found as import('@tiptap/pm/model').Node | null;
}
