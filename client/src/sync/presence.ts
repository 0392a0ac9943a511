/** Who is here: one entry per signed-in person present in the document (from awareness). */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '../api/types';

export interface PresentUser {
  id: string;
  name: string;
  color: string;
  role: Role | undefined;
  isMe: boolean;
}

/** The server rewrites each state's `user` from the session, so these names can be trusted. */
function presentUsers(awareness: Awareness, myUserId: string): PresentUser[] {
  const byId = new Map<string, PresentUser>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { id?: unknown; name?: unknown; color?: unknown; role?: unknown } }).user;
    if (!user || typeof user.name !== 'string') continue;
    const isMe = clientId === awareness.clientID;
    const id = typeof user.id === 'string' ? user.id : isMe ? myUserId : `client-${clientId}`;
    if (byId.has(id)) continue;
    byId.set(id, {
      id,
      name: user.name,
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#888888',
      role: typeof user.role === 'string' ? (user.role as Role) : undefined,
      isMe: isMe || id === myUserId,
    });
  }
  return [...byId.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
}

export function usePresence(awareness: Awareness, myUserId: string): PresentUser[] {
  const [users, setUsers] = useState(() => presentUsers(awareness, myUserId));
  useEffect(() => {
    // Awareness changes at every remote caret move; re-render only when who is here changed.
    const refresh = () =>
      setUsers((prev) => {
        const next = presentUsers(awareness, myUserId);
        return sameUsers(prev, next) ? prev : next;
      });
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness, myUserId]);
  return users;
}

function sameUsers(a: readonly PresentUser[], b: readonly PresentUser[]): boolean {
  return (
    a.length === b.length &&
    a.every((u, i) => {
      const v = b[i]!;
      return u.id === v.id && u.name === v.name && u.color === v.color && u.role === v.role && u.isMe === v.isMe;
    })
  );
}
