/** Everyone sees who the members are and their roles; authors add, change and remove. */
import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, membersApi, ROLES, ROLE_DESCRIPTIONS, type Capability, type Member, type Role } from '../../api';
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

  async function run(action: () => Promise<Member[]>) {
    setError(null);
    try {
      setMembers(await action());
    } catch (err) {
      setError(message(err));
    }
  }

  return (
    <div className="members" data-testid="members">
      {members === null && !error && <p className="muted">Loading…</p>}
      {members && (
        <ul className="members__list">
          {sortMembers(members).map((m) => (
            <MemberRow
              key={m.userId}
              member={m}
              manage={manage}
              onRole={(next) => run(() => membersApi.changeRole(docId, m.userId, next))}
              onRemove={() => run(() => membersApi.remove(docId, m.userId))}
            />
          ))}
        </ul>
      )}
      {error && (
        <p className="form__error" role="alert" data-testid="members-error">
          {error}
        </p>
      )}
      {manage && <AddMemberForm onAdd={(email, r) => run(() => membersApi.add(docId, email, r))} />}
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
  const isMe = member.userId === me.id;
  return (
    <li className={manage ? 'member member--manage' : 'member'} data-testid="member" data-email={member.email} data-role={member.role}>
      <span className="member__dot" style={{ background: member.color }} aria-hidden="true" />
      <span className="member__who">
        <span className="member__name">
          {member.name}
          {isMe && <span className="muted"> (you)</span>}
        </span>
        <span className="member__email muted">{member.email}</span>
      </span>
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
  return (
    <span className="member__controls">
      <select
        className="member__role"
        aria-label={`Role of ${member.name}`}
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
        <span className="member__confirm" role="group" aria-label="Confirm removal">
          <span>Remove {isMe ? 'yourself' : member.name.split(' ')[0]}?</span>
          <button className="button button--danger" onClick={() => (setConfirming(false), onRemove())} data-testid="confirm-remove">
            Remove
          </button>
          <button className="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button
          className="button button--quiet member__remove"
          onClick={() => setConfirming(true)}
          aria-label={`Remove ${member.name}`}
          data-testid="remove-member"
        >
          Remove
        </button>
      )}
    </span>
  );
}

function AddMemberForm({ onAdd }: { onAdd: (email: string, role: Role) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('commissioner');
  const [busy, setBusy] = useState(false);
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
      <h3 className="add-member__title">Add a member</h3>
      <input
        type="email"
        aria-label="Email of the person to add"
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
        Add
      </button>
    </form>
  );
}

const ROLE_ORDER: Record<Role, number> = { author: 0, commissioner: 1, publisher: 2, observer: 3 };
function sortMembers(members: Member[]): Member[] {
  return [...members].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}

function message(err: unknown): string {
  if (err instanceof ApiError) {
    const text = err.message.charAt(0).toUpperCase() + err.message.slice(1);
    return /[.!?]$/.test(text) ? text : text + '.';
  }
  return err instanceof Error ? err.message : String(err);
}
