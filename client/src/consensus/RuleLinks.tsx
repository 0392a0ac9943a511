/**
 * Under the rule in the consensus panel: the rule screen (the author changes the
 * rule there; everyone else may read it) and the audit log (author and
 * publishers — the server refuses anyone else).
 */
import { memo } from 'react';
import { mayReadAudit } from '@concord/shared';
import type { Capability, Role } from '../api';
import { auditPath, navigate, rulePath } from '../app/router';

/** Memoised: the panel draws again whenever a count changes; these links change with the role only. */
export const RuleLinks = memo(function RuleLinks({
  docId,
  role,
  capabilities,
}: {
  docId: string;
  role: Role;
  capabilities: readonly Capability[];
}) {
  const links = [
    ...(capabilities.includes('manage') ? [{ href: rulePath(docId), label: 'Change the rule', testId: 'rule-link' }] : []),
    ...(mayReadAudit(role) ? [{ href: auditPath(docId), label: 'Audit log', testId: 'audit-link' }] : []),
  ];
  if (links.length === 0) return null;
  return (
    <p className="cg-panel__rule-links">
      {links.map((l) => (
        <a
          key={l.testId}
          href={l.href}
          onClick={(e) => {
            e.preventDefault();
            navigate(l.href);
          }}
          data-testid={l.testId}
        >
          {l.label}
        </a>
      ))}
    </p>
  );
});
