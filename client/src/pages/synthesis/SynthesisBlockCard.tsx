/**
 * One disputed or stale block: its current text, each dispute with its reason,
 * votes on older text with what changed since, who has not voted, the open
 * threads, the proposed wordings; and what the author does about it (edit it,
 * propose or adopt a wording, ask for re-review).
 */
import type { ReactNode } from 'react';
import type { Person, Thread } from '../../api/comments';
import type { SynthesisBlock } from '../../api/synthesis';
import { relativeTime } from '../../app/format';
import { docPath, navigate } from '../../app/router';
import { blockHash, threadHash } from '../../comments/block-target';
import { LinkedText } from '../../comments/LinkedText';
import { ReviewRequest } from './ReviewRequest';
import { ProposeFromDispute, SynthesisProposals } from './SynthesisProposals';
import { WordDiff } from '../../app/WordDiff';

export interface SynthesisBlockCardProps {
  docId: string;
  block: SynthesisBlock;
  notified: Person[] | null;
  onRequestReview: (message: string) => Promise<string | null>;
  /** A proposal was made or adopted here: load the page again. */
  onChanged: () => void;
}

export function SynthesisBlockCard({ docId, block, notified, onRequestReview, onChanged }: SynthesisBlockCardProps) {
  const disputed = block.status === 'disputed';
  return (
    <article
      className="syn-block"
      data-testid="synthesis-block"
      data-block-id={block.id}
      data-status={block.status}
      data-stale={block.stale}
    >
      <div className="syn-block__tags">
        {disputed && <span className="syn-tag syn-tag--disputed">Disputed</span>}
        {block.stale && <span className="syn-tag syn-tag--stale">Changed since voted</span>}
        {!disputed && <span className="syn-tag">{statusLabel(block.status)}</span>}
        {block.agreedBy.length > 0 && (
          <span className="muted syn-block__agreed">Agreed by {block.agreedBy.map((p) => p.name).join(', ')}</span>
        )}
      </div>
      <blockquote
        className={block.kind === 'heading' ? 'syn-block__text syn-block__text--heading' : 'syn-block__text'}
        data-testid="synthesis-text"
      >
        {block.text || <span className="muted">(empty)</span>}
      </blockquote>

      {block.disputes.length > 0 && (
        <Group title="Disputes">
          {block.disputes.map((d) => (
            <li key={d.userId} className="syn-dispute" data-testid="synthesis-dispute">
              <span className="syn-who">{d.name}</span> <span className="muted">{relativeTime(d.at)}</span>
              <p className="syn-reason">
                <LinkedText text={d.reason} />
              </p>
            </li>
          ))}
        </Group>
      )}

      {block.staleVotes.length > 0 && (
        <Group title="Votes on an earlier version">
          {block.staleVotes.map((v) => (
            <li key={v.userId} className="syn-stale" data-testid="synthesis-stale-vote">
              <span className="syn-who">{v.name}</span> {v.stance === 'agree' ? 'agreed' : 'disputed'}{' '}
              <span className="muted">{relativeTime(v.at)}</span>
              {v.reason && (
                <p className="syn-reason">
                  <LinkedText text={v.reason} />
                </p>
              )}
              <p className="syn-diff-label muted">Changed since:</p>
              <WordDiff parts={v.diff} className="word-diff" testId="word-diff" />
            </li>
          ))}
        </Group>
      )}

      {block.openThreads.length > 0 && (
        <Group title="Open threads">
          {block.openThreads.map((t) => (
            <ThreadSummary key={t.id} docId={docId} thread={t} />
          ))}
        </Group>
      )}

      <SynthesisProposals docId={docId} block={block} onChanged={onChanged} />

      {block.notYetVoted.length > 0 && (
        <p className="syn-block__pending" data-testid="synthesis-not-voted">
          <span className="muted">Not yet voted: </span>
          {block.notYetVoted.map((p) => p.name).join(', ')}
        </p>
      )}

      <div className="syn-block__actions">
        <button
          className="button button--primary"
          onClick={() => navigate(docPath(docId) + blockHash(block.id))}
          data-testid="edit-in-document"
        >
          Edit in document
        </button>
        <ProposeFromDispute docId={docId} block={block} onChanged={onChanged} />
        <ReviewRequest notified={notified} onRequest={onRequestReview} />
      </div>
    </article>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="syn-group">
      <h3 className="syn-group__title">{title}</h3>
      <ul className="syn-group__list">{children}</ul>
    </section>
  );
}

export function ThreadSummary({ docId, thread }: { docId: string; thread: Thread }) {
  return (
    <li className="syn-thread" data-testid="synthesis-thread">
      {thread.quote && <p className="syn-thread__quote">“{thread.quote}”</p>}
      {thread.detached && <p className="syn-thread__quote">About the deleted paragraph: “{thread.anchorText}”</p>}
      <ul className="syn-thread__comments">
        {thread.comments
          .filter((c) => !c.deleted)
          .map((c) => (
            <li key={c.id}>
              <span className="syn-who">{c.author.name}</span>{' '}
              <span className="syn-thread__text">
                <LinkedText text={c.text} />
              </span>
            </li>
          ))}
      </ul>
      <a
        className="syn-thread__open"
        href={docPath(docId) + threadHash(thread.id)}
        onClick={(e) => {
          e.preventDefault();
          navigate(docPath(docId) + threadHash(thread.id));
        }}
      >
        Open in document
      </a>
    </li>
  );
}

function statusLabel(status: SynthesisBlock['status']): string {
  return { unreviewed: 'Not yet reviewed', in_review: 'In review', disputed: 'Disputed', agreed: 'Agreed' }[status];
}
