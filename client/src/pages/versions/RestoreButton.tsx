/** A restore asks first: it changes the document for everyone (as a new edit; the text replaced stays in the history). */
import { useState } from 'react';
import { versionsApi } from '../../api/versions';

export function RestoreButton({
  docId,
  versionId,
  blockId,
  label,
  onRestored,
}: {
  docId: string;
  versionId: string;
  blockId?: string | undefined;
  label: string;
  onRestored: () => void;
}) {
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (stage === 'done')
    return (
      <span className="versions-restored" data-testid="restored">
        Restored.
      </span>
    );
  if (stage === 'idle')
    return (
      <button
        className="button button--quiet"
        onClick={() => setStage('confirm')}
        data-testid={blockId ? 'restore-block' : 'restore-version'}
      >
        {label}
      </button>
    );
  return (
    <span className="versions-confirm" role="group" aria-label="Confirm restore">
      <span>{blockId ? 'Put this wording back in the document?' : 'Make the document read as this version?'} Others see it at once.</span>
      <button
        className="button"
        disabled={stage === 'busy'}
        data-testid="restore-confirm"
        onClick={() => {
          setStage('busy');
          versionsApi.restore(docId, versionId, blockId).then(
            () => (setStage('done'), onRestored()),
            (err: unknown) => (setError(err instanceof Error ? err.message : String(err)), setStage('confirm')),
          );
        }}
      >
        Restore
      </button>
      <button className="button button--quiet" onClick={() => setStage('idle')} disabled={stage === 'busy'}>
        Cancel
      </button>
      {error && <span className="form__error">{error}</span>}
    </span>
  );
}
