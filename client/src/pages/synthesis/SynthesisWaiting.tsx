/**
 * The rest of what stands between the commission and a complete report: blocks
 * nobody disputes and nobody changed since voting, that only wait for votes —
 * in review (some have voted) or not yet reviewed. Listed briefly, by section,
 * each linking to its paragraph; there is nothing for the author to rewrite in
 * them, only people to ask. Collapsed: a 150-page report can hold a thousand.
 */
import type { Synthesis } from '../../api/synthesis';
import { docPath, navigate } from '../../app/router';
import { plural } from '../../app/format';
import { blockHash } from '../../comments/block-target';

type WaitingSection = Synthesis['waiting'][number];
type WaitingStatus = WaitingSection['blocks'][number]['status'];

const GROUPS: { status: WaitingStatus; label: string; hint: string }[] = [
  { status: 'in_review', label: 'In review', hint: 'some commissioners have voted, not enough yet for the rule' },
  { status: 'unreviewed', label: 'Not yet reviewed', hint: 'no commissioner has voted on them yet' },
];

export function SynthesisWaiting({ docId, waiting }: { docId: string; waiting: readonly WaitingSection[] }) {
  const groups = GROUPS.map((group) => ({
    ...group,
    sections: waiting
      .map((section) => ({ ...section, blocks: section.blocks.filter((b) => b.status === group.status) }))
      .filter((section) => section.blocks.length > 0),
  })).filter((group) => group.sections.length > 0);
  if (groups.length === 0) return null;
  return (
    <section className="syn-section syn-waiting" data-testid="synthesis-waiting" aria-labelledby="syn-waiting-title">
      <h2 className="syn-section__title" id="syn-waiting-title">
        Waiting for votes
      </h2>
      <p className="muted">Nothing to rewrite in these: they need the commission&rsquo;s votes. Open one to vote or to ask for review.</p>
      {groups.map((group) => {
        const count = group.sections.reduce((n, s) => n + s.blocks.length, 0);
        return (
          <details key={group.status} className="syn-waiting__group" data-testid={`synthesis-waiting-${group.status}`} data-count={count}>
            <summary>
              <strong>
                {group.label}: {plural(count, 'block')}
              </strong>{' '}
              <span className="muted">— {group.hint}</span>
            </summary>
            {group.sections.map((section) => (
              <div key={section.key} className="syn-waiting__section">
                <h3 className="syn-waiting__title">
                  {section.key === 'preamble' ? 'Before the first heading' : section.title || '(untitled section)'}
                </h3>
                <ul className="syn-waiting__list">
                  {section.blocks.map((block) => {
                    const href = docPath(docId) + blockHash(block.id);
                    return (
                      <li key={block.id} data-testid="synthesis-waiting-block" data-block-id={block.id}>
                        <a
                          href={href}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate(href);
                          }}
                        >
                          {block.excerpt || '(empty paragraph)'}
                        </a>{' '}
                        <span className="muted">· {plural(block.notYetVoted, 'commissioner')} yet to vote</span>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </details>
        );
      })}
    </section>
  );
}
