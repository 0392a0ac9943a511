/**
 * The right-hand column. Each panel is an entry in `SIDE_PANELS`; later features
 * (votes and disputes, comments, export) add their panel here without touching
 * the page layout.
 */
import type { ReactNode } from 'react';
import type { PanelContext } from './panel-context';
import { MembersPanel } from './MembersPanel';
import { CommentsPanel } from '../../comments/CommentsPanel';
import { MentionProvider } from '../../comments/mention-context';
import { ConsensusPanel } from '../../consensus/ConsensusPanel';
import { ProposalsPanel } from '../../proposals/ProposalsPanel';
import { proposalStoreFor } from '../../proposals/proposal-store';

export type { PanelContext };

interface SidePanelDefinition {
  id: string;
  title: string;
  render(context: PanelContext): ReactNode;
}

const SIDE_PANELS: SidePanelDefinition[] = [
  {
    id: 'consensus',
    title: 'Consensus',
    render: (ctx) => <ConsensusPanel session={ctx.session} editor={ctx.editor} role={ctx.role} capabilities={ctx.capabilities} />,
  },
  {
    id: 'proposals',
    title: 'Proposals',
    render: (ctx) => <ProposalsPanel store={proposalStoreFor(ctx.session)} capabilities={ctx.capabilities} editor={ctx.editor} />,
  },
  {
    id: 'comments',
    title: 'Comments',
    render: (ctx) => (
      <MentionProvider docId={ctx.docId}>
        <CommentsPanel {...ctx} />
      </MentionProvider>
    ),
  },
  {
    id: 'members',
    title: 'Members',
    render: (ctx) => <MembersPanel docId={ctx.docId} capabilities={ctx.capabilities} session={ctx.session} />,
  },
];

export function SidePanels(context: PanelContext) {
  return (
    <>
      {SIDE_PANELS.map((panel) => (
        <section key={panel.id} className="side-panel" aria-labelledby={`panel-${panel.id}`} data-testid={`panel-${panel.id}`}>
          <h2 id={`panel-${panel.id}`} className="panel-title">
            {panel.title}
          </h2>
          {panel.render(context)}
        </section>
      ))}
    </>
  );
}
