/** How an invitation shows in the member list: only what the author typed, whether or not the email has an account. */
import type { MemberJson, Role } from '@concord/shared';

/** The dot colour of every invited entry (an account's own colour would tell that it exists). */
const INVITED_COLOR = '#888';

export function invitedEntry(invitation: { id: string; email: string; role: Role; invitedAt: string }): MemberJson {
  return {
    userId: '',
    name: '',
    email: invitation.email,
    color: INVITED_COLOR,
    role: invitation.role,
    addedAt: invitation.invitedAt,
    status: 'invited',
    invitationId: invitation.id,
  };
}
