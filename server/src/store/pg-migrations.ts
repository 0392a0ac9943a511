/**
 * PostgreSQL schema migrations, applied in order (pg-database.ts); never edit one
 * that has shipped, add a new one. The first is the schema the SQLite migrations
 * (sqlite-migrations.ts) had reached when PostgreSQL support came (issue 20);
 * later changes are made to both lists.
 *
 * Choices that keep the two backends' behaviour identical (the store contract
 * suites hold them to it): times stay ISO-8601 text and JSON stays text, as in
 * SQLite; ordering on text uses COLLATE "C" (byte order, as SQLite), whatever
 * the database's locale.
 */
export const pgMigrations: readonly string[] = [
  `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT
  );
  -- seq order is commit order per document: a commit locks its documents' rows
  -- before it takes sequence numbers (pg-doc-store.ts).
  CREATE TABLE doc_updates (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    update_bytes BYTEA NOT NULL
  );
  CREATE INDEX doc_updates_by_doc ON doc_updates(doc_id, seq);
  -- gen counts the snapshots written: a compaction built on an older one merges the
  -- stored one in, so no process's folded updates are lost (pg-doc-store.ts).
  CREATE TABLE doc_snapshots (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    snapshot BYTEA NOT NULL,
    upto_seq BIGINT NOT NULL,
    gen BIGINT NOT NULL
  );
  CREATE TABLE doc_client_owners (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    client_id BIGINT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, client_id)
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX users_email ON users (lower(email));
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    block_id TEXT,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_by_doc ON audit_log(doc_id, seq);
  CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update();

  -- Bumped by every change to a document's votes, by any path and any process, so a
  -- process keeps a document's votes in memory and reads them again only when it moved.
  CREATE TABLE vote_generations (doc_id TEXT PRIMARY KEY, generation BIGINT NOT NULL);
  CREATE FUNCTION votes_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO vote_generations (doc_id, generation)
        VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.doc_id ELSE NEW.doc_id END, 1)
        ON CONFLICT (doc_id) DO UPDATE SET generation = vote_generations.generation + 1;
      RETURN NULL;
    END $$;
  CREATE TRIGGER votes_generation AFTER INSERT OR UPDATE OR DELETE ON votes FOR EACH ROW EXECUTE FUNCTION votes_bump_generation();

  CREATE TABLE comment_threads (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  CREATE INDEX notifications_by_user ON notifications(user_id, seq);
  CREATE INDEX notifications_by_doc ON notifications(doc_id, kind);
  CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

  CREATE TABLE proposals (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    forced BOOLEAN NOT NULL DEFAULT false,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_by TEXT,
    resolved_at TEXT
  );
  CREATE INDEX proposals_by_doc ON proposals(doc_id, seq);
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

  CREATE TABLE images (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp')),
    byte_length INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (doc_id, hash)
  );

  CREATE TABLE review_rounds (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

  CREATE TABLE versions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('named', 'auto')),
    reason TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    audit_seq BIGINT NOT NULL,
    state TEXT NOT NULL,
    summary TEXT NOT NULL,
    skeleton BYTEA NOT NULL
  );
  CREATE INDEX versions_by_doc ON versions(doc_id, seq);
  CREATE TABLE version_wordings (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
  -- the audit log loses its foreign key to documents. Deleting a document still deletes its
  -- other entries (PgDocStore.deleteDoc).
  ALTER TABLE audit_log DROP CONSTRAINT audit_log_doc_id_fkey;
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
  -- Invitation emails: addressed to the email the author typed, which may have no account.
  ALTER TABLE mail_outbox ALTER COLUMN user_id DROP NOT NULL;
  `,
];
