/**
 * Opened from a gutter marker: where the commission stands on this exact
 * wording — who agreed, who disputed and why, whose vote is on older text (with
 * what changed), who has not voted — and, for commissioners, the vote buttons.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { focusBack } from '../app/focus-back';
import { relativeTime } from '../app/format';
import { navigate, versionsPath } from '../app/router';
import { markerHit } from '../editor/gutter/marker';
import type { ConsensusSnapshot, ConsensusStore } from './consensus-store';
import { blockDetail, type BlockDetail } from './block-detail';
import { STATUS_WORDS, statusSentence } from './review';
import type { VoteRecord } from './vote-book';
import { DisputeForm, VoteActions } from './VoteActions';
import { WordDiffView } from './WordDiffView';

export function BlockPopover({ store, snapshot }: { store: ConsensusStore; snapshot: ConsensusSnapshot }) {
  const open = snapshot.open;
  const ref = useRef<HTMLDivElement>(null);
  const detail = open ? blockDetail(store, snapshot, open.blockId) : null;

  usePlacement(ref, open?.blockId ?? null);
  useFocusReturn(ref, open !== null);

  // Into the popover when it opens (the dispute form focuses its own text box),
  // so what is typed next never lands in the document.
  useEffect(() => {
    const el = ref.current;
    if (!el || el.contains(document.activeElement)) return;
    el.focus({ preventScroll: true });
  }, [open?.blockId, open?.mode]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      store.closeDetails();
    };
    const onDown = (e: MouseEvent) => {
      const target = e.target as Element | null;
      if (ref.current?.contains(target) || markerHit(e)) return;
      store.closeDetails();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open, store]);

  if (!open) return null;
  return createPortal(
    <div
      ref={ref}
      className="cg-popover"
      role="dialog"
      aria-label="Votes on this paragraph"
      tabIndex={-1}
      data-testid="block-popover"
      data-block-id={open.blockId}
    >
      {detail ? (
        <Details store={store} snapshot={snapshot} detail={detail} />
      ) : snapshot.load === 'loading' ? (
        <LoadingDetails store={store} blockId={open.blockId} disputing={open.mode === 'dispute'} />
      ) : (
        <p className="muted">This paragraph is no longer in the document.</p>
      )}
    </div>,
    document.body,
  );
}

/**
 * Votes not here yet (the document has just opened). A dispute asked for with
 * the keyboard gets its form at once, so the reason typed straight after the
 * shortcut lands in it; the draft is kept in the store and carries over into
 * the full form when the votes arrive. Sending waits for them.
 */
function LoadingDetails({ store, blockId, disputing }: { store: ConsensusStore; blockId: string; disputing: boolean }) {
  return (
    <>
      <p className="muted" aria-busy="true">
        Loading votes…
      </p>
      {disputing && (
        <DisputeForm
          busy={false}
          canSend={false}
          error={null}
          initial={store.disputeDraft(blockId) ?? ''}
          onDraft={(text) => store.saveDisputeDraft(blockId, text)}
          onCancel={() => store.openDetails(blockId, 'view')}
          onSubmit={() => undefined}
        />
      )}
    </>
  );
}

const MARGIN = 8;

/**
 * Beside the block's marker, always wholly inside the window (moved up, or
 * scrolled inside itself, when the block is low on the screen), following the
 * block as the page scrolls. Phones get a bottom sheet from CSS instead.
 */
function usePlacement(ref: RefObject<HTMLDivElement | null>, blockId: string | null): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || blockId === null) return;
    const place = () => {
      const vw = document.documentElement.clientWidth;
      const vh = window.innerHeight;
      const width = el.offsetWidth;
      const height = el.offsetHeight;
      const block = document.querySelector(`.cg-host [data-block-id="${CSS.escape(blockId)}"]`);
      let top: number;
      let left: number;
      if (!block) {
        // Not drawn (the gutter marks only what is near the viewport): top right, under the header.
        top = parseInt(getComputedStyle(document.documentElement).getPropertyValue('--header-h'), 10) + 16 || 72;
        left = vw - width - 24;
      } else {
        const r = block.getBoundingClientRect();
        // Right of the text when there is room (the paragraph stays readable), else over its start.
        const textRight = block.closest('.cg-host')?.getBoundingClientRect().right ?? 0;
        left = textRight + 24 + width <= vw - MARGIN ? textRight + 24 : r.left;
        top = r.top - MARGIN;
      }
      top = Math.max(MARGIN, Math.min(top, vh - height - MARGIN));
      left = Math.max(MARGIN, Math.min(left, vw - width - MARGIN));
      el.style.setProperty('--pop-top', `${Math.round(top)}px`);
      el.style.setProperty('--pop-left', `${Math.round(left)}px`);
    };
    place();
    let frame = 0;
    const soon = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), place()));
    };
    // A resize (the dispute form opening, votes arriving) is placed in the observer's own callback,
    // which runs after layout and before paint: the grown popover is never drawn past the window's edge.
    const resize = new ResizeObserver(place);
    resize.observe(el);
    window.addEventListener('scroll', soon, { passive: true, capture: true });
    window.addEventListener('resize', soon);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      window.removeEventListener('scroll', soon, { capture: true });
      window.removeEventListener('resize', soon);
    };
  });
}

/** When the popover closes, focus goes back where it was (the text, at the caret), not to the page. */
function useFocusReturn(ref: RefObject<HTMLDivElement | null>, isOpen: boolean): void {
  useLayoutEffect(() => {
    if (!isOpen) return;
    const active = document.activeElement;
    // Whatever had focus when the popover was asked for; not the popover itself (it can be drawn
    // again while open, when the document finishes loading), else the text.
    const returnTo = active instanceof HTMLElement && active !== document.body && !active.closest('.cg-popover') ? active : null;
    const el = ref.current;
    return () => {
      const now = document.activeElement;
      const lost = !now || now === document.body || !now.isConnected || (el?.contains(now) ?? false);
      if (!lost) return;
      const target = returnTo?.isConnected ? returnTo : document.querySelector<HTMLElement>('[data-testid="editor"]');
      if (target) focusBack(target);
    };
  }, [isOpen, ref]);
}

function Details({ store, snapshot, detail }: { store: ConsensusStore; snapshot: ConsensusSnapshot; detail: BlockDetail }) {
  const { consensus } = detail;
  const me = snapshot.me;
  const mineStale = detail.mine && detail.mine.fingerprint !== detail.fingerprint ? detail.mine : null;
  const missing = detail.details === 'ready' ? null : <DetailsMissing state={detail.details} />;
  return (
    <>
      {/* Not <header>: the popover is portaled to <body>, where a header is a second page banner. */}
      <div className="cg-popover__head">
        <span className={`cg-pill cg-pill--${consensus.status}`} data-testid="popover-status" data-status={consensus.status}>
          {STATUS_WORDS[consensus.status]}
          {consensus.status !== 'unreviewed' && consensus.status !== 'disputed' ? ` · ${consensus.agree} of ${detail.needed}` : ''}
        </span>
        {consensus.status !== 'disputed' && consensus.staleDisputers.length > 0 && (
          <span className="cg-pill cg-pill--disputed" data-testid="popover-disputed-earlier">
            Disputed on an earlier wording
          </span>
        )}
        {consensus.stale && <span className="cg-pill cg-pill--stale">⚠ changed</span>}
        <button
          className="button button--quiet cg-popover__close"
          onClick={() => store.closeDetails()}
          aria-label="Close"
          title="Close (Esc)"
        >
          ✕
        </button>
      </div>
      <p className="cg-popover__sentence">{statusSentence(consensus, detail.needed)}</p>

      {mineStale && snapshot.isCommissioner && (
        <div className="cg-callout cg-callout--stale" data-testid="my-stale-vote">
          <p>
            You {mineStale.stance === 'agree' ? 'agreed to' : 'disputed'} an earlier wording
            {mineStale.detail ? ` ${when(mineStale.detail.at)}` : ''}. What changed since:
          </p>
          {mineStale.detail ? <WordDiffView from={mineStale.detail.votedText} to={detail.text} /> : missing}
        </div>
      )}

      <VoteActions key={`${detail.blockId}:${snapshot.open?.mode ?? ''}`} store={store} snapshot={snapshot} detail={detail} />

      {missing}
      <VoteList title="Agree" testId="agreed-list" records={detail.agreed} me={me} />
      <VoteList title="Dispute" testId="disputed-list" records={detail.disputed} me={me} showReasons />
      {detail.stale.length > 0 && (
        <section className="cg-popover__group" data-testid="stale-list">
          <h3>Voted on an earlier wording ({detail.stale.length})</h3>
          <ul>
            {detail.stale.map((r) => (
              <StaleVote key={r.userId} record={r} me={me} currentText={detail.text} />
            ))}
          </ul>
        </section>
      )}
      {detail.notVoted.length > 0 && (
        <section className="cg-popover__group" data-testid="not-voted-list">
          <h3>Not voted yet ({detail.notVoted.length})</h3>
          <p className="cg-popover__names">{detail.notVoted.map((p) => (p.userId === me ? 'You' : p.name)).join(', ')}</p>
        </section>
      )}
      {detail.notCounted.length > 0 && (
        <section className="cg-popover__group cg-popover__group--quiet">
          <h3>No longer counted ({detail.notCounted.length})</h3>
          <p className="cg-popover__names">{detail.notCounted.map((r) => r.name).join(', ')}: no longer commissioners.</p>
        </section>
      )}
      <p className="cg-popover__rule muted">
        Rule: {snapshot.ruleText}.{' '}
        <a
          className="button--link"
          href={versionsPath(store.docId, { block: detail.blockId })}
          onClick={(e) => (e.preventDefault(), navigate(versionsPath(store.docId, { block: detail.blockId })))}
          data-testid="paragraph-history"
        >
          Paragraph history
        </a>
      </p>
    </>
  );
}

function VoteList({
  title,
  testId,
  records,
  me,
  showReasons = false,
}: {
  title: string;
  testId: string;
  records: VoteRecord[];
  me: string | null;
  showReasons?: boolean;
}) {
  if (records.length === 0) return null;
  return (
    <section className="cg-popover__group" data-testid={testId}>
      <h3>
        {title} ({records.length})
      </h3>
      <ul>
        {records.map((r) => (
          <li key={r.userId} className="cg-vote" data-user-id={r.userId}>
            <span className="cg-vote__who">{r.userId === me ? 'You' : r.name}</span>{' '}
            {r.detail && <span className="cg-vote__when">{when(r.detail.at)}</span>}
            {showReasons && r.detail?.reason && (
              <blockquote className="cg-vote__reason" data-testid="dispute-reason">
                {r.detail.reason}
              </blockquote>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function StaleVote({ record, me, currentText }: { record: VoteRecord; me: string | null; currentText: string }) {
  const [showDiff, setShowDiff] = useState(false);
  return (
    <li className="cg-vote cg-vote--stale" data-user-id={record.userId}>
      <span className="cg-vote__who">{record.userId === me ? 'You' : record.name}</span> {record.stance === 'agree' ? 'agreed' : 'disputed'}{' '}
      {record.detail && (
        <>
          <span className="cg-vote__when">{when(record.detail.at)}</span>{' '}
          <button className="button--link cg-vote__toggle" onClick={() => setShowDiff((s) => !s)} aria-expanded={showDiff}>
            {showDiff ? 'hide changes' : 'what changed'}
          </button>
          {record.detail.reason && <blockquote className="cg-vote__reason">{record.detail.reason}</blockquote>}
          {showDiff && <WordDiffView from={record.detail.votedText} to={currentText} />}
        </>
      )}
    </li>
  );
}

/** The votes' reasons and times are on their way (or could not be fetched): said once, above the lists. */
function DetailsMissing({ state }: { state: 'loading' | 'failed' }) {
  return state === 'loading' ? (
    <p className="muted cg-popover__note" aria-busy="true" data-testid="vote-details-loading">
      Loading reasons and times…
    </p>
  ) : (
    <p className="muted cg-popover__note" data-testid="vote-details-failed">
      Reasons and times could not be loaded; they will show when this paragraph is opened again.
    </p>
  );
}

function when(at: number): string {
  return relativeTime(at);
}
