import { useState } from 'react';
import type { Capability, Role } from '../../api';
import { RoleBadge } from '../../app/RoleBadge';
import { RenameForm } from '../../app/RenameForm';
import { navigate } from '../../app/router';

/** Breadcrumb, title (renamed by whoever may manage the document) and my role. */
export function DocTitle({
  docId,
  title,
  role,
  capabilities,
  onRenamed,
}: {
  docId: string;
  title: string;
  role: Role;
  capabilities: readonly Capability[];
  onRenamed: (title: string) => void;
}) {
  const [renaming, setRenaming] = useState(false);
  return (
    <div className="doc-title">
      <a className="doc-title__back" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
        Documents
      </a>
      <span className="doc-title__sep" aria-hidden="true">
        /
      </span>
      {renaming ? (
        <RenameForm
          docId={docId}
          title={title}
          onDone={(next) => {
            setRenaming(false);
            if (next) onRenamed(next);
          }}
        />
      ) : (
        <h1 className="doc-title__text" title={title} data-testid="doc-title">
          {title}
        </h1>
      )}
      {capabilities.includes('manage') && !renaming && (
        <button className="button button--quiet" onClick={() => setRenaming(true)}>
          Rename
        </button>
      )}
      <span className="doc-title__role">
        <span className="doc-title__role-label">You are </span>
        <RoleBadge role={role} testId="my-role" />
      </span>
    </div>
  );
}
