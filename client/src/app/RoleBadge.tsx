import { ROLE_DESCRIPTIONS, type Role } from '../api';

export function RoleBadge({ role, testId }: { role: Role; testId?: string }) {
  return (
    <span className={`role-badge role-badge--${role}`} title={`${role}: ${ROLE_DESCRIPTIONS[role]}`} data-testid={testId} data-role={role}>
      {role}
    </span>
  );
}
