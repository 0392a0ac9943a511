/** Schema migrations, applied in order; never edit one that has shipped, add a new one. */
export const migrations: readonly string[] = [
  `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT
  );
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    update_bytes BLOB NOT NULL
  );
  CREATE INDEX doc_updates_by_doc ON doc_updates(doc_id, seq);
  CREATE TABLE doc_snapshots (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    snapshot BLOB NOT NULL,
    upto_seq INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE members (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('commissioner', 'author', 'publisher', 'observer')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, user_id)
  );
  CREATE INDEX members_by_user ON members(user_id);
  `,
  `
  CREATE TABLE votes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    stance TEXT NOT NULL CHECK (stance IN ('agree', 'dispute')),
    reason TEXT,
    fingerprint TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (doc_id, block_id, user_id)
  );
  CREATE TABLE doc_rules (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    rule TEXT NOT NULL
  );
  -- Append-only: nothing in the server updates or deletes rows here (except when a document is deleted).
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    block_id TEXT,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_by_doc ON audit_log(doc_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
  `
  -- Comments (issue 5). No foreign key to users: a thread keeps its structure whoever leaves.
  CREATE TABLE comment_threads (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block_id TEXT NOT NULL,
    quote TEXT,
    anchor_text TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    resolved_by TEXT,
    resolved_at TEXT
  );
  CREATE INDEX comment_threads_by_doc ON comment_threads(doc_id, seq);
  CREATE TABLE comments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    thread_id TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    deleted_at TEXT
  );
  CREATE INDEX comments_by_doc ON comments(doc_id, seq);
  CREATE INDEX comments_by_thread ON comments(thread_id);
  CREATE TABLE notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'review_requested', 'agreement_stale')),
    block_id TEXT,
    thread_id TEXT,
    actor_id TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    dedupe_key TEXT
  );
  CREATE INDEX notifications_by_user ON notifications(user_id, seq);
  CREATE INDEX notifications_by_doc ON notifications(doc_id);
  CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
  `,
  `
  -- Proposals (issue 16): alternative wordings of one block. No foreign key to users,
  -- like comments: a proposal keeps its history whoever leaves.
  CREATE TABLE proposals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    content TEXT NOT NULL,
    text TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rationale TEXT,
    base TEXT NOT NULL,
    base_text TEXT NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'adopted', 'closed')),
    closed_as TEXT CHECK (closed_as IN ('withdrawn', 'rejected')),
    forced INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_by TEXT,
    resolved_at TEXT
  );
  CREATE INDEX proposals_by_doc ON proposals(doc_id, seq);
  -- One vote per person per revision: earlier revisions' votes stay as history.
  CREATE TABLE proposal_votes (
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    stance TEXT NOT NULL CHECK (stance IN ('support', 'object')),
    reason TEXT,
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (proposal_id, user_id, revision)
  );
  CREATE INDEX proposal_votes_by_doc ON proposal_votes(doc_id);
  `,
  `
  -- Figure images (issue 17): per document, addressed by the sha256 of their bytes;
  -- deleted with the document. The bytes live in the database like the document.
  CREATE TABLE images (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp')),
    byte_length INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc_id, hash)
  );
  `,
  `
  -- Issue 14: notifications say when a paragraph someone voted on is deleted
  -- ('block_deleted'). SQLite cannot change a CHECK in place: the table is rebuilt.
  CREATE TABLE notifications_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'review_requested', 'agreement_stale', 'block_deleted')),
    block_id TEXT,
    thread_id TEXT,
    actor_id TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    dedupe_key TEXT
  );
  INSERT INTO notifications_v2 (seq, id, user_id, doc_id, kind, block_id, thread_id, actor_id, text, created_at, read_at, dedupe_key)
    SELECT seq, id, user_id, doc_id, kind, block_id, thread_id, actor_id, text, created_at, read_at, dedupe_key FROM notifications;
  DROP TABLE notifications;
  ALTER TABLE notifications_v2 RENAME TO notifications;
  CREATE INDEX notifications_by_user ON notifications(user_id, seq);
  CREATE INDEX notifications_by_doc ON notifications(doc_id, kind);
  CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
  `,
  `
  -- Issue 12 #6: which account first wrote under each Yjs client id of a document,
  -- written in the transaction that logs the update. Others' structs under an owned
  -- id are withheld (sync/client-ownership.ts). Kept when the log is folded.
  CREATE TABLE doc_client_owners (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, client_id)
  ) WITHOUT ROWID;
  `,
  `
  -- Issues 11 and 21: a per-document counter that every change to its votes bumps — by any
  -- path (votes, section sign-off, proposal adoption, cascades) and any connection (the CLI
  -- beside a running server) — so the server keeps a document's votes in memory and reads
  -- them again only when this changed. No foreign key: a cascade from a deleted document
  -- bumps it after the document row is gone.
  CREATE TABLE vote_generations (doc_id TEXT PRIMARY KEY, generation INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TRIGGER votes_generation_insert AFTER INSERT ON votes BEGIN
    INSERT INTO vote_generations (doc_id, generation) VALUES (NEW.doc_id, 1)
      ON CONFLICT(doc_id) DO UPDATE SET generation = generation + 1;
  END;
  CREATE TRIGGER votes_generation_update AFTER UPDATE ON votes BEGIN
    INSERT INTO vote_generations (doc_id, generation) VALUES (NEW.doc_id, 1)
      ON CONFLICT(doc_id) DO UPDATE SET generation = generation + 1;
  END;
  CREATE TRIGGER votes_generation_delete AFTER DELETE ON votes BEGIN
    INSERT INTO vote_generations (doc_id, generation) VALUES (OLD.doc_id, 1)
      ON CONFLICT(doc_id) DO UPDATE SET generation = generation + 1;
  END;
  `,
  `
  -- Issue 19: review rounds with deadlines, and email (an outbox that outlives
  -- restarts, one row per recipient and event, and each member's preference per document).
  CREATE TABLE review_rounds (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    message TEXT NOT NULL,
    section_ids TEXT,
    reminder_hours INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closed_at TEXT,
    closed_by TEXT,
    closed_reason TEXT CHECK (closed_reason IN ('deadline', 'closed')),
    reminded_at TEXT,
    outcome TEXT
  );
  CREATE INDEX review_rounds_by_doc ON review_rounds(doc_id, seq);
  CREATE INDEX review_rounds_open ON review_rounds(state, deadline);
  CREATE TABLE mail_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    digest_line TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'held', 'sent', 'failed', 'digested', 'cancelled')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
  );
  CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
  CREATE INDEX mail_outbox_by_doc ON mail_outbox(doc_id, state);
  CREATE TABLE mail_settings (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('every', 'digest', 'none')),
    PRIMARY KEY (user_id, doc_id)
  );
  `,
  `
  -- Version history (issue 18): each block wording once per document (keyed by a hash of its
  -- JSON), each version a deflated skeleton naming them plus the audit position it was taken at.
  CREATE TABLE versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('named', 'auto')),
    reason TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    audit_seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    summary TEXT NOT NULL,
    skeleton BLOB NOT NULL
  );
  CREATE INDEX versions_by_doc ON versions(doc_id, seq);
  CREATE TABLE version_wordings (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    block_id TEXT,
    fingerprint TEXT NOT NULL,
    node TEXT NOT NULL,
    editors TEXT NOT NULL,
    first_version TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, hash)
  );
  CREATE INDEX version_wordings_by_block ON version_wordings(doc_id, block_id);
  `,
  `
  -- A document's deletion is audited (doc.deleted), and that entry outlives the document:
  -- the audit log loses its foreign key to documents (SQLite cannot drop one, so the table
  -- is copied). Deleting a document still deletes its other entries (SqliteDocStore.deleteDoc).
  -- The sequence continues where it was, so no audit number is ever used twice.
  CREATE TABLE audit_log_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    block_id TEXT,
    details TEXT NOT NULL
  );
  INSERT INTO audit_log_new (seq, doc_id, at, actor_id, action, block_id, details)
    SELECT seq, doc_id, at, actor_id, action, block_id, details FROM audit_log ORDER BY seq;
  INSERT INTO sqlite_sequence (name, seq)
    SELECT 'audit_log_new', seq FROM sqlite_sequence
    WHERE name = 'audit_log' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_log_new');
  UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0))
    WHERE name = 'audit_log_new';
  DROP TABLE audit_log;
  ALTER TABLE audit_log_new RENAME TO audit_log;
  CREATE INDEX audit_by_doc ON audit_log(doc_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
  `
  -- Invitations by email (issue 12): adding someone answers the same whether or not the email has
  -- an account. An existing account is a member at once, marked invited (invitation_id) until it
  -- opens the document; an email with no account waits in invitations until that account is created.
  ALTER TABLE members ADD COLUMN invitation_id TEXT;
  ALTER TABLE members ADD COLUMN invited_email TEXT;
  CREATE UNIQUE INDEX members_by_invitation ON members(invitation_id);
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('commissioner', 'author', 'publisher', 'observer')),
    invited_at TEXT NOT NULL,
    UNIQUE (doc_id, email_key)
  );
  CREATE INDEX invitations_by_email ON invitations(email_key);
  `,
  `
  -- A notification is de-duplicated per document: the same block id and wording in two documents
  -- (one copied from the other) are two notices, not one. Keys already stored keep their meaning.
  DROP INDEX notifications_dedupe;
  CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, doc_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
  `,
  `
  -- Invitation emails: addressed to the email the author typed, which may have no account, so an
  -- outbox row's user may be none (SQLite cannot drop NOT NULL, so the table is copied; its
  -- sequence continues where it was).
  CREATE TABLE mail_outbox_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    digest_line TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'held', 'sent', 'failed', 'digested', 'cancelled')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
  );
  INSERT INTO mail_outbox_new SELECT * FROM mail_outbox ORDER BY seq;
  INSERT INTO sqlite_sequence (name, seq)
    SELECT 'mail_outbox_new', seq FROM sqlite_sequence
    WHERE name = 'mail_outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'mail_outbox_new');
  UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mail_outbox'), 0))
    WHERE name = 'mail_outbox_new';
  DROP TABLE mail_outbox;
  ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
  CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
  CREATE INDEX mail_outbox_by_doc ON mail_outbox(doc_id, state);
  `,
];
