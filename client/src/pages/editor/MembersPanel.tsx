/**
 * Everyone sees who the members are and their roles; authors invite, change and
 * remove. Someone invited by email shows by that email, marked invited, until they
 * open the document (the server answers the same whether or not the email has an
 * account, so the panel cannot say which — and says what happens in both cases).
 */
import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, invitationsApi, membersApi, ROLES, ROLE_DESCRIPTIONS, type Capability, type Member, type Role } from '../../api';
import { emailSettingsApi } from '../../api/rounds';
import { RoleBadge } from '../../app/RoleBadge';
import { useMe } from '../../app/session';
import type { DocSession } from '../../sync/doc-session';
import { useSyncValue } from '../../sync/use-doc-session';

export function MembersPanel({
  docId,
  capabilities,
  session,
}: {
  docId: string;
  capabilities: readonly Capability[];
  session: DocSession;
}) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** What the last invitation did, in words (shown under the form until the next one). */
  const [invited, setInvited] = useState<string | null>(null);
  const manage = capabilities.includes('manage');

  const load = useCallback(() => {
    membersApi.list(docId).then(
      (list) => (setMembers(list), setError(null)),
      (err: unknown) => setError(message(err)),
    );
  }, [docId]);
  // Load on open, on every (re)connection (changes may have happened meanwhile) and when told.
  const connected = useSyncValue(session, (s) => s.phase === 'connected');
  useEffect(load, [load, connected]);
  useEffect(() => session.onEvent((event) => event.type === 'members.changed' && load()), [session, load]);

  async function run(action: () => Promise<Member[]>): Promise<boolean> {
    setError(null);
    setInvited(null);
    try {
      setMembers(await action());
      return true;
    } catch (err) {
      setError(message(err));
      return false;
    }
  }

  async function invite(email: string, role: Role) {
    let note = '';
    const done = await run(async () => {
      const { invitation, members: now } = await membersApi.add(docId, email, role);
      note =
        invitation.status === 'member'
          ? `${invitation.email} is already a member: now ${invitation.role}.`
          : `Invited ${invitation.email} as ${invitation.role}. They are listed as invited until they open the document.`;
      return now;
    });
    if (done) setInvited(note);
  }

  return (
    <div className="members" data-testid="members">
      {members === null && !error && <p className="muted">Loading…</p>}
      {members && (
        <ul className="members__list">
          {sortMembers(members).map((m) => (
            <MemberRow
              key={m.invitationId ?? m.userId}
              member={m}
              manage={manage}
              onRole={(next) =>
                void run(() =>
                  m.invitationId ? invitationsApi.changeRole(docId, m.invitationId, next) : membersApi.changeRole(docId, m.userId, next),
                )
              }
              onRemove={() =>
                void run(() => (m.invitationId ? invitationsApi.revoke(docId, m.invitationId) : membersApi.remove(docId, m.userId)))
              }
            />
          ))}
        </ul>
      )}
      {error && (
        <p className="form__error" role="alert" data-testid="members-error">
          {error}
        </p>
      )}
      {manage && <AddMemberForm onAdd={invite} />}
      {manage && invited && (
        <p className="add-member__done" role="status" data-testid="invited-note">
          {invited}
        </p>
      )}
    </div>
  );
}

function MemberRow({
  member,
  manage,
  onRole,
  onRemove,
}: {
  member: Member;
  manage: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}) {
  const me = useMe();
  const isMe = member.status === 'member' && member.userId === me.id;
  const invited = member.status === 'invited';
  return (
    <li
      className={`member${manage ? ' member--manage' : ''}${invited ? ' member--invited' : ''}`}
      data-testid="member"
      data-email={member.email}
      data-role={member.role}
      data-status={member.status}
    >
      <span className="member__dot" style={{ background: member.color }} aria-hidden="true" />
      {invited ? (
        <span className="member__who">
          <span className="member__name">
            {member.email} <span className="member__invited">invited</span>
          </span>
          <span className="member__email muted">Has not opened the document yet</span>
        </span>
      ) : (
        <span className="member__who">
          <span className="member__name">
            {member.name}
            {isMe && <span className="muted"> (you)</span>}
          </span>
          <span className="member__email muted">{member.email}</span>
        </span>
      )}
      {manage ? <MemberControls member={member} isMe={isMe} onRole={onRole} onRemove={onRemove} /> : <RoleBadge role={member.role} />}
    </li>
  );
}

/** Role picker and removal (with an inline confirmation), for authors. */
function MemberControls({
  member,
  isMe,
  onRole,
  onRemove,
}: {
  member: Member;
  isMe: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const invited = member.status === 'invited';
  const who = invited ? member.email : member.name;
  const removeWord = invited ? 'Revoke' : 'Remove';
  return (
    <span className="member__controls">
      <select
        className="member__role"
        aria-label={`Role of ${who}`}
        value={member.role}
        onChange={(e) => onRole(e.target.value as Role)}
        data-testid="member-role"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {confirming ? (
        <span className="member__confirm" role="group" aria-label={invited ? 'Confirm revoking' : 'Confirm removal'}>
          <span>{invited ? `Revoke the invitation of ${member.email}?` : `Remove ${isMe ? 'yourself' : member.name.split(' ')[0]}?`}</span>
          <button className="button button--danger" onClick={() => (setConfirming(false), onRemove())} data-testid="confirm-remove">
            {removeWord}
          </button>
          <button className="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button
          className="button button--quiet member__remove"
          onClick={() => setConfirming(true)}
          aria-label={invited ? `Revoke the invitation of ${member.email}` : `Remove ${member.name}`}
          data-testid="remove-member"
        >
          {removeWord}
        </button>
      )}
    </span>
  );
}

function AddMemberForm({ onAdd }: { onAdd: (email: string, role: Role) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('commissioner');
  const [busy, setBusy] = useState(false);
  /** Whether this server sends email (SMTP configured): then it emails each new invitation. Unknown until asked: says none. */
  const [mailOn, setMailOn] = useState(false);
  useEffect(() => {
    let live = true;
    emailSettingsApi.get().then(
      (s) => {
        if (live) setMailOn(s.mail.configured);
      },
      () => undefined,
    );
    return () => void (live = false);
  }, []);
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!email.trim()) return;
    setBusy(true);
    await onAdd(email.trim(), role);
    setBusy(false);
    setEmail('');
  }
  return (
    <form className="add-member" onSubmit={submit} data-testid="add-member">
      <h3 className="add-member__title">Invite someone</h3>
      <p className="add-member__help muted" data-testid="invite-help">
        They get access with the role you choose and are listed as invited until they open the document; then their name shows.{' '}
        {mailOn
          ? 'Concord emails them who invited them, to which document and role, with a link to sign in and open it.'
          : 'This server sends no email: tell them to sign in with this address, where the document is in their list.'}{' '}
        If they have no account yet, ask your server administrator to create one for this address: the invitation waits for it.
      </p>
      <input
        type="email"
        aria-label="Email of the person to invite"
        placeholder="name@example.org"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        required
        data-testid="add-member-email"
      />
      <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="add-member-role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r} — {ROLE_DESCRIPTIONS[r]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="add-member-submit">
        Invite
      </button>
    </form>
  );
}

const ROLE_ORDER: Record<Role, number> = { author: 0, commissioner: 1, publisher: 2, observer: 3 };
/** Members by role and name, then the invited (by role and email). */
function sortMembers(members: Member[]): Member[] {
  const invited = (m: Member) => (m.status === 'invited' ? 1 : 0);
  return [...members].sort(
    (a, b) => invited(a) - invited(b) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.name || a.email).localeCompare(b.name || b.email),
  );
}

function message(err: unknown): string {
  if (err instanceof ApiError) {
    const text = err.message.charAt(0).toUpperCase() + err.message.slice(1);
    return /[.!?]$/.test(text) ? text : text + '.';
  }
  return err instanceof Error ? err.message : String(err);
}
