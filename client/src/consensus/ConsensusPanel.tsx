/**
 * The consensus side panel: how far the document is, the rule, the filters,
 * "next to review", the legend, and (rendered from here, floating) the block
 * popover and short notices. Re-renders at most every 150 ms, and only when
 * something it shows changed (`getPanelSnapshot`): not for each rebuilt view.
 */
import { memo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Editor } from '@tiptap/react';
import type { DocSession } from '../sync/doc-session';
import { goToNextNeedingReview, revealFilter } from '../editor/gutter/actions';
import type { Notice } from './consensus-store';
import { consensusStoreFor } from './store-registry';
import { usePanelConsensus } from './use-consensus';
import { EMPTY_TALLY } from './filter-tally';
import { FILTERS } from './review';
import { withShortcut } from './shortcuts';
import { BlockPopover } from './BlockPopover';
import { CursorVote } from './CursorVote';
import { FirstTimeLegend, LegendDialog, useLegendSeen } from './Legend';
import { ProgressSummary } from './ProgressSummary';
import { RuleLinks } from './RuleLinks';
import type { Capability, Role } from '../api';
import '../app/styles/consensus.css';

export function ConsensusPanel({
  session,
  editor,
  role,
  capabilities,
}: {
  session: DocSession;
  editor: Editor | null;
  role: Role;
  capabilities: readonly Capability[];
}) {
  const store = consensusStoreFor(session);
  const snapshot = usePanelConsensus(store);
  const [legendOpen, setLegendOpen] = useState(false);
  const [legendSeen, dismissLegend] = useLegendSeen();
  const { counts, earlier } = snapshot.load === 'ready' ? snapshot.tally : EMPTY_TALLY;
  const totals = snapshot.view?.rollup.totals;

  return (
    <div className="cg-panel" data-testid="consensus-panel" data-load={snapshot.load}>
      {snapshot.load === 'error' && (
        <p className="form__error" role="alert">
          Votes could not be loaded: {snapshot.error}
        </p>
      )}
      {snapshot.load === 'loading' && <p className="muted">Loading votes…</p>}
      <CursorVote editor={editor} store={store} snapshot={snapshot} />
      {totals && snapshot.load === 'ready' && <ProgressSummary counts={totals} />}
      {earlier > 0 && (
        <p className="cg-panel__earlier" data-testid="disputed-earlier-count">
          ✗ {earlier === 1 ? '1 paragraph' : `${earlier} paragraphs`} disputed on an earlier wording: the disputer has not voted on the new
          one yet (under “Disputed”).
        </p>
      )}
      <p className="cg-panel__rule" data-testid="rule-text" title="The consensus rule for this document">
        {snapshot.ruleText}
      </p>
      <RuleLinks docId={session.docId} role={role} capabilities={capabilities} />

      <div className="cg-filters" role="group" aria-label="Show paragraphs" data-testid="consensus-filters">
        {FILTERS.filter((f) => !f.commissionersOnly || snapshot.isCommissioner).map((f) => (
          <button
            key={f.id}
            className={`cg-filter${snapshot.filter === f.id ? ' cg-filter--on' : ''}`}
            aria-pressed={snapshot.filter === f.id}
            title={f.hint}
            onClick={() => {
              const next = snapshot.filter === f.id ? 'all' : f.id;
              store.setFilter(next);
              if (editor) revealFilter(editor, store, next);
            }}
            data-testid={`filter-${f.id}`}
          >
            {f.label}
            {f.id !== 'all' && <span className="cg-filter__count">{counts[f.id]}</span>}
          </button>
        ))}
      </div>

      <div className="cg-panel__actions">
        {snapshot.isCommissioner && (
          <button
            className="button"
            disabled={!editor || counts.mine === 0}
            onClick={() => editor && goToNextNeedingReview(editor, store)}
            title={withShortcut('Go to the next paragraph that needs your review', 'next')}
            data-testid="next-needing-review"
          >
            Next to review ↓
          </button>
        )}
        <button
          className="cg-help"
          onClick={() => setLegendOpen(true)}
          title="How to read the margin"
          aria-label="How to read the margin"
          data-testid="legend-button"
        >
          ?
        </button>
      </div>

      {!legendSeen && (
        <FirstTimeLegend
          ruleText={snapshot.ruleText}
          needed={snapshot.needed}
          canVote={snapshot.isCommissioner}
          onDismiss={dismissLegend}
        />
      )}
      {legendOpen && (
        <LegendDialog
          ruleText={snapshot.ruleText}
          needed={snapshot.needed}
          canVote={snapshot.isCommissioner}
          onClose={() => {
            setLegendOpen(false);
            dismissLegend();
          }}
        />
      )}
      <BlockPopover store={store} snapshot={snapshot} />
      <NoticeToast notice={snapshot.notice} />
    </div>
  );
}

/** Memoised: drawn again when the notice changes, not with every count. */
const NoticeToast = memo(function NoticeToast({ notice }: { notice: Notice | null }) {
  return createPortal(
    <div className="cg-toast-host" role="status" aria-live="polite">
      {notice && (
        <div key={notice.seq} className={`cg-toast cg-toast--${notice.tone}`} data-testid="consensus-notice">
          {notice.text}
        </div>
      )}
    </div>,
    document.body,
  );
});
