/**
 * Review rounds in the editor: commissioners see what each open round asks of
 * them; the author starts rounds and follows them (and hears about emails that
 * could not be delivered).
 */
import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { Capability } from '@concord/shared';
import type { DocSession } from '../sync/doc-session';
import { useRounds } from './use-rounds';
import { RoundBanners } from './RoundBanner';
import { RoundProgress } from './RoundProgress';
import { StartRoundDialog } from './StartRoundDialog';
import './rounds.css';

export function RoundsBar({
  docId,
  session,
  editor,
  capabilities,
}: {
  docId: string;
  session: DocSession;
  editor: Editor | null;
  capabilities: readonly Capability[];
}) {
  const { rounds, reload } = useRounds(docId, session);
  const [starting, setStarting] = useState(false);
  const [showing, setShowing] = useState(false);
  const manage = capabilities.includes('manage');
  if (!rounds) return null;
  const open = rounds.rounds.filter((r) => r.state === 'open');
  return (
    <>
      <RoundBanners rounds={rounds.rounds} />
      {manage && (
        <div className="rounds-bar" data-testid="rounds-bar">
          <button className="button" onClick={() => setStarting(true)} data-testid="start-round-button">
            Start a review round
          </button>
          {open.length > 0 && (
            <button
              className="button button--quiet"
              aria-expanded={showing}
              onClick={() => setShowing((s) => !s)}
              data-testid="show-rounds"
            >
              {open.length} open round{open.length === 1 ? '' : 's'}: {showing ? 'hide' : 'show'} progress
            </button>
          )}
          {!rounds.mail.configured && <span className="muted">No email on this server: rounds are seen in Concord only.</span>}
        </div>
      )}
      {manage && rounds.mailFailures.length > 0 && (
        <div className="banner banner--warn" role="alert" data-testid="mail-failures">
          Emails that could not be delivered:{' '}
          {rounds.mailFailures
            .slice(0, 5)
            .map((f) => `${f.recipient.name} (${f.error})`)
            .join('; ')}
        </div>
      )}
      {manage && showing && open.map((r) => <RoundProgress key={r.id} round={r} canManage onChanged={reload} />)}
      {starting && (
        <StartRoundDialog
          docId={docId}
          editor={editor}
          mailConfigured={rounds.mail.configured}
          onClose={() => setStarting(false)}
          onOpened={reload}
        />
      )}
    </>
  );
}
