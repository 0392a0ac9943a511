/** The document's members, for @mention autocomplete in every comment box of the panel. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { membersApi } from '../api';
import type { MentionCandidate } from './mention-suggest';

const MentionContext = createContext<readonly MentionCandidate[]>([]);

export function MentionProvider({ docId, children }: { docId: string; children: ReactNode }) {
  const [members, setMembers] = useState<readonly MentionCandidate[]>([]);
  useEffect(() => {
    let live = true;
    membersApi.list(docId).then(
      (list) =>
        // Invited people are not mentionable until they have opened the document (the server agrees: mentions.ts).
        live && setMembers(list.filter((m) => m.status === 'member').map((m) => ({ userId: m.userId, name: m.name, email: m.email }))),
      // Offline or no longer a member: comment boxes work without suggestions.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [docId]);
  return <MentionContext.Provider value={members}>{children}</MentionContext.Provider>;
}

export function useMentionCandidates(): readonly MentionCandidate[] {
  return useContext(MentionContext);
}
