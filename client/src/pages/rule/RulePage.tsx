/**
 * The consensus rule screen (`/d/:id/rule`, issue 14 #15): the author chooses
 * unanimous or a quorum and sees, before saving, how every block's status would
 * change under it — counts now and after, and the blocks that would move.
 * Others see the rule in force and who may change it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { describeConsensusRule, MAX_RULE_COUNT, type ConsensusRule } from '@concord/shared';
import { ApiError } from '../../api';
import { consensusApi, type ConsensusJson } from '../../api/consensus';
import { AppHeader } from '../../app/AppHeader';
import { DocBreadcrumb } from '../../app/DocBreadcrumb';
import { plural } from '../../app/format';
import { docPath, navigate } from '../../app/router';
import { useDocMeta } from '../../app/use-doc-meta';
import { STATUS_WORDS } from '../../consensus/review';
import { DocUnavailable } from '../DocUnavailable';
import { previewRule, sameRule, type StatusCounts } from './rule-preview';
import '../../app/styles/rule-audit.css';

const ORDER = ['agreed', 'in_review', 'disputed', 'unreviewed'] as const;
/** Blocks listed under "would change": the counts above always cover all of them. */
const LISTED = 50;

export function RulePage({ docId }: { docId: string }) {
  const { meta, error: metaError } = useDocMeta(docId);
  const [view, setView] = useState<ConsensusJson | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const load = useCallback(() => {
    consensusApi.get(docId).then(
      (v) => (setView(v), setError(null)),
      (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
    );
  }, [docId]);
  useEffect(load, [load]);

  const failed = metaError ?? error;
  if (failed instanceof ApiError && failed.status === 404) return <DocUnavailable docId={docId} />;
  const canManage = meta?.capabilities.includes('manage') ?? false;
  return (
    <div className="subpage">
      <AppHeader>
        <DocBreadcrumb docId={docId} title={meta?.title ?? null} here="Consensus rule" />
      </AppHeader>
      <main className="subpage__body" data-testid="rule-page">
        {failed && (
          <p className="form__error" role="alert">
            The rule could not be loaded: {failed.message}
          </p>
        )}
        {(!meta || !view) && !failed && <p className="muted">Loading…</p>}
        {meta && view && (
          <>
            <section className="rule-now" aria-labelledby="rule-now-title">
              <h2 id="rule-now-title">The rule in force</h2>
              <p data-testid="rule-current">{view.ruleText}.</p>
              <p className="muted">
                {plural(view.commissioners.length, 'commissioner')} vote on this document.
                {!canManage && ' Only the report author can change the rule.'}
              </p>
            </section>
            {canManage && <RuleEditor docId={docId} view={view} onSaved={load} />}
          </>
        )}
        <p>
          <a
            href={docPath(docId)}
            onClick={(e) => {
              e.preventDefault();
              navigate(docPath(docId));
            }}
          >
            Back to the document
          </a>
        </p>
      </main>
    </div>
  );
}

function RuleEditor({ docId, view, onSaved }: { docId: string; view: ConsensusJson; onSaved: () => void }) {
  const current = view.rule;
  const [kind, setKind] = useState<ConsensusRule['kind']>(current.kind);
  const [minAgree, setMinAgree] = useState(current.kind === 'quorum' ? current.minAgree : Math.max(1, view.commissioners.length));
  const [maxDispute, setMaxDispute] = useState(current.kind === 'quorum' ? current.maxDispute : 0);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const valid = kind === 'unanimous' || (isCount(minAgree, 1) && isCount(maxDispute, 0));
  const candidate = useMemo<ConsensusRule>(
    () => (kind === 'unanimous' ? { kind } : { kind, minAgree, maxDispute }),
    [kind, minAgree, maxDispute],
  );
  const preview = useMemo(() => (valid ? previewRule(view, candidate) : null), [view, valid, candidate]);
  const unchanged = sameRule(candidate, current);
  const unreachable = candidate.kind === 'quorum' && candidate.minAgree > view.commissioners.length;

  async function save() {
    setSaving(true);
    setFailure(null);
    try {
      const saved = await consensusApi.setRule(docId, candidate);
      setMessage(`Saved. The rule is now: ${saved.ruleText}.`);
      onSaved();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="rule-edit" aria-labelledby="rule-edit-title">
      <h2 id="rule-edit-title">Change the rule</h2>
      <fieldset className="rule-edit__kinds">
        <legend>When is a block agreed?</legend>
        <label className="rule-choice">
          <input
            type="radio"
            name="rule-kind"
            checked={kind === 'unanimous'}
            onChange={() => setKind('unanimous')}
            data-testid="rule-unanimous"
          />
          <span>
            <strong>Unanimous</strong> — every commissioner agrees with the current text, and nobody disputes it.
          </span>
        </label>
        <label className="rule-choice">
          <input type="radio" name="rule-kind" checked={kind === 'quorum'} onChange={() => setKind('quorum')} data-testid="rule-quorum" />
          <span>
            <strong>Quorum</strong> — enough commissioners agree, and few enough dispute.
          </span>
        </label>
        {kind === 'quorum' && (
          <div className="rule-edit__numbers">
            <label>
              At least
              <input
                type="number"
                min={1}
                max={MAX_RULE_COUNT}
                value={Number.isNaN(minAgree) ? '' : minAgree}
                onChange={(e) => setMinAgree(e.target.valueAsNumber)}
                data-testid="rule-min-agree"
              />
              agree
            </label>
            <label>
              at most
              <input
                type="number"
                min={0}
                max={MAX_RULE_COUNT}
                value={Number.isNaN(maxDispute) ? '' : maxDispute}
                onChange={(e) => setMaxDispute(e.target.valueAsNumber)}
                data-testid="rule-max-dispute"
              />
              dispute
            </label>
          </div>
        )}
      </fieldset>
      {!valid && (
        <p className="form__error" role="alert">
          “At least” must be a whole number from 1, “at most” a whole number from 0.
        </p>
      )}
      {unreachable && (
        <p className="banner banner--warn" data-testid="rule-unreachable">
          This document has only {plural(view.commissioners.length, 'commissioner')}: nothing can be agreed under this rule until more join.
        </p>
      )}

      {preview && (
        <div className="rule-preview" data-testid="rule-preview" aria-live="polite">
          <h3>{unchanged ? 'Statuses under the rule in force' : `If the rule were “${describeConsensusRule(candidate)}”`}</h3>
          <table className="rule-preview__table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Now</th>
                <th scope="col">With this rule</th>
              </tr>
            </thead>
            <tbody>
              {ORDER.map((status) => (
                <tr key={status} data-testid={`rule-preview-${status}`} data-now={preview.now[status]} data-then={preview.then[status]}>
                  <th scope="row">{STATUS_WORDS[status]}</th>
                  <td>{preview.now[status]}</td>
                  <td>
                    {preview.then[status]}
                    <Delta now={preview.now} then={preview.then} status={status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="rule-preview-summary">
            {preview.changed.length === 0
              ? 'No block would change status.'
              : `${plural(preview.changed.length, 'block')} would change status${preview.changed.length > LISTED ? ` (the first ${LISTED} are listed)` : ''}:`}
          </p>
          {preview.changed.length > 0 && (
            <ul className="rule-preview__changes">
              {preview.changed.slice(0, LISTED).map((c) => (
                <li key={c.id} data-testid="rule-preview-change" data-block-id={c.id}>
                  <span className="rule-preview__text">{c.text.slice(0, 120) || '(empty)'}</span>{' '}
                  <span className="muted">
                    {STATUS_WORDS[c.from]} → <strong>{STATUS_WORDS[c.to]}</strong>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="rule-edit__actions">
        <button
          className="button button--primary"
          disabled={!valid || unchanged || saving}
          onClick={() => void save()}
          data-testid="rule-save"
        >
          {saving ? 'Saving…' : 'Set this rule'}
        </button>
        {unchanged && <span className="muted">This is the rule in force.</span>}
      </div>
      {message && (
        <p className="banner" role="status" data-testid="rule-saved">
          {message}
        </p>
      )}
      {failure && (
        <p className="form__error" role="alert">
          The rule was not changed: {failure}
        </p>
      )}
    </section>
  );
}

function Delta({ now, then, status }: { now: StatusCounts; then: StatusCounts; status: keyof StatusCounts }) {
  const d = then[status] - now[status];
  if (d === 0) return null;
  return <span className={`rule-delta ${d > 0 ? 'rule-delta--up' : 'rule-delta--down'}`}> ({d > 0 ? `+${d}` : d})</span>;
}

function isCount(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min && n <= MAX_RULE_COUNT;
}
