/** The editor header's ways into version history: "History" for every member, "Changes since I voted" for commissioners. */
import type { Capability } from '../../api';
import { navigate, versionsPath } from '../../app/router';

export function VersionsLink({ docId, capabilities }: { docId: string; capabilities: readonly Capability[] }) {
  const history = versionsPath(docId);
  const since = versionsPath(docId, { since: 'vote' });
  return (
    <>
      {capabilities.includes('vote') && (
        <a
          className="button button--quiet header-link"
          href={since}
          onClick={(e) => (e.preventDefault(), navigate(since))}
          data-testid="since-vote-link"
        >
          Changes since I voted
        </a>
      )}
      <a
        className="button button--quiet header-link"
        href={history}
        onClick={(e) => (e.preventDefault(), navigate(history))}
        data-testid="versions-link"
      >
        History
      </a>
    </>
  );
}
