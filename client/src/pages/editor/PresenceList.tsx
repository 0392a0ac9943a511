import type { Awareness } from 'y-protocols/awareness';
import { usePresence } from '../../sync/presence';
import { initials } from '../../app/AppHeader';
import { readableOn } from '../../app/readable-color';
import { MAX_DRAWN_CARETS, undrawnCarets } from '../../editor/capped-carets';

/** Who is here right now (names and colours come from the server, via presence). */
export function PresenceList({ awareness, myUserId }: { awareness: Awareness; myUserId: string }) {
  const users = usePresence(awareness, myUserId);
  const others = users.filter((u) => !u.isMe);
  // Re-read on every presence change (usePresence re-renders us then).
  const undrawn = undrawnCarets(awareness.getStates(), awareness.clientID);
  return (
    <div className="presence" data-testid="presence" aria-label="Who is here">
      <span className="presence__label muted">{others.length === 0 ? 'Only you here' : `${others.length + 1} here`}</span>
      <ul className="presence__list">
        {users.map((u) => (
          <li
            key={u.id}
            className="presence__user"
            title={`${u.name}${u.isMe ? ' (you)' : ''}${u.role ? ` · ${u.role}` : ''}`}
            data-testid="presence-user"
            data-name={u.name}
          >
            <span className="avatar avatar--small" style={{ background: u.color, color: readableOn(u.color) }}>
              {initials(u.name)}
            </span>
          </li>
        ))}
      </ul>
      {undrawn > 0 && (
        <span
          className="presence__more muted"
          data-testid="carets-undrawn"
          title={`The editor draws the carets of ${MAX_DRAWN_CARETS} people at most; ${undrawn} more are here.`}
        >
          +{undrawn} more (carets not shown)
        </span>
      )}
    </div>
  );
}
