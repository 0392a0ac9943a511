/**
 * What the server answers about accounts, documents, members and notifications
 * (docs/PROTOCOL.md). Declared once, here: the server's routes are checked
 * against these types (`satisfies`), and the browser reads its answers with them.
 */
import type { BlockNodeType } from '../schema/index.js';
import type { Capability, Role } from '../protocol/roles.js';
import type { NotificationJson } from '../protocol/events.js';
import type { BlockStatus } from '../consensus/status.js';

/** The signed-in user. */
export interface UserJson {
  id: string;
  email: string;
  name: string;
  color: string;
}

/** GET /api/docs/:id. */
export interface DocMetaJson {
  id: string;
  title: string;
  updated: string;
  created: string;
  role: Role;
  /** What my role may do on it: decided by the server, never derived by clients. */
  capabilities: Capability[];
}

/** One document as GET /api/docs lists it. */
export interface DocSummaryJson extends DocMetaJson {
  /** Commissioners: blocks waiting for my vote on their current wording; null for other roles. */
  needsMyReview: number | null;
  /** The open review round with the nearest deadline; `left`: blocks in it waiting for my vote (null unless I am a commissioner). */
  round: {
    id: string;
    deadline: string;
    message: string;
    left: number | null;
    total: number;
    /** As in Round: the heading ids named (null: the whole document) and the round's sections. */
    sectionIds: string[] | null;
    sections: { headingId: string | null; title: string; blocks: number }[];
  } | null;
}

/**
 * One entry of a document's member list. While someone is invited (issue 12) the
 * entry shows only what the author typed: the same for an email that has an account
 * and one that has none, so the list cannot tell who has an account.
 */
export interface MemberJson {
  /** '' while invited. */
  userId: string;
  /** '' while invited. */
  name: string;
  /** The account's email; while invited, the email as the author typed it. */
  email: string;
  color: string;
  role: Role;
  /** When added (while invited: when the invitation was made). */
  addedAt: string;
  /** 'invited' until the invitee first opens the document (an email with no account: until that account exists and does). */
  status: MemberStatus;
  /** Set while invited: how to change or revoke the invitation (/api/docs/:id/invitations/:invitationId). */
  invitationId: string | null;
}

export type MemberStatus = 'member' | 'invited';

/** What adding someone by email made: an invitation (201, or 200 when re-inviting changed its role) — or, for someone already a member, their new role (200). */
export interface InvitationJson {
  /** Null when the email is an existing (accepted) member's. */
  id: string | null;
  /** As typed. */
  email: string;
  role: Role;
  status: MemberStatus;
  addedAt: string;
}

/** POST /api/docs/:id/members: the invitation, and the list as it is now. */
export interface InvitedJson extends MembersJson {
  invitation: InvitationJson;
}

export interface NotificationListJson {
  notifications: NotificationJson[];
  /** All unread ones, not only those listed. */
  unread: number;
}

export interface MarkReadJson {
  updated: number;
  unread: number;
}

/** The answer of routes that only say they did it. */
export interface OkJson {
  ok: true;
}

/** One block of an export preview. */
export interface ExportPreviewBlockJson {
  id: string | null;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  status: BlockStatus;
  stale: boolean;
  included: boolean;
}

/** GET /api/docs/:id/export/preview. */
export interface ExportPreviewJson {
  scope: 'consensus' | 'draft';
  included: number;
  excluded: number;
  blocks: ExportPreviewBlockJson[];
}

/** What an import kept, dropped and warns about. */
export interface ImportReportJson {
  format: 'md' | 'html' | 'docx';
  kept: Record<string, number>;
  dropped: { what: string; count: number; example: string }[];
  warnings: string[];
}

/** POST /api/docs/import. */
export interface ImportResultJson {
  id: string;
  title: string;
  report: ImportReportJson;
}

/** GET /api/me, POST /api/auth/login. */
export interface MeJson {
  user: UserJson;
}

/**
 * GET /api/auth/demo: the demo accounts while this server runs on the demo
 * content it created itself (`DEMO`, README); null on a real deployment.
 */
export interface DemoJson {
  demo: { password: string; accounts: { email: string; role: Role }[] } | null;
}

/** GET /api/docs. */
export interface DocListJson {
  docs: DocSummaryJson[];
}

/** POST /api/docs (201). */
export interface DocCreatedJson {
  id: string;
  title: string;
}

/** PATCH /api/docs/:id. */
export interface DocRenamedJson extends DocCreatedJson {
  updated: string;
}

/** Every members route answers with the list as it is now. */
export interface MembersJson {
  members: MemberJson[];
}

/** POST /api/docs/:id/images (201, or 200 when the document already holds these bytes). */
export interface UploadedImageJson {
  hash: string;
  mediaType: string;
  width: number;
  height: number;
  byteLength: number;
  url: string;
}
