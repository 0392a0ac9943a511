/**
 * The server's answers as the browser reads them: every shape is declared once,
 * in @concord/shared (api/*-responses.ts), where the server's routes are checked
 * against it. Roles, capabilities and statuses come from there too; what a role
 * may do on a document is never derived here — the server sends `capabilities`.
 */
import type {
  DocMetaJson,
  DocSummaryJson,
  ExportPreviewBlockJson,
  ExportPreviewJson,
  ImportResultJson,
  MemberJson,
  Role,
  UserJson,
} from '@concord/shared';

export { ROLES } from '@concord/shared';
export type { BlockStatus, Capability, ExportFormat, Role } from '@concord/shared';

export type Me = UserJson;
export type DocSummary = DocSummaryJson;
export type DocMeta = DocMetaJson;
export type Member = MemberJson;
export type ExportScope = ExportPreviewJson['scope'];
export type ExportPreview = ExportPreviewJson;
export type ExportPreviewBlock = ExportPreviewBlockJson;
export type ImportResult = ImportResultJson;

/** What each role may do, in words a newcomer understands (shown next to role badges). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  author: 'edits, manages members',
  commissioner: 'edits and votes',
  publisher: 'reads and exports',
  observer: 'reads only',
};
