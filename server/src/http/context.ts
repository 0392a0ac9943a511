import type { Role } from '@concord/shared';
import type { AccountService, User } from '../auth/account-service.js';
import type { SessionService } from '../auth/sessions.js';
import type { AttemptLimiter } from '../auth/attempt-limiter.js';
import type { Backoff } from '../auth/backoff-limiter.js';
import type { RoomManager } from '../sync/room-manager.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import type { ConsensusService } from '../consensus/consensus-service.js';
import type { CommentService } from '../comments/comment-service.js';
import type { SynthesisService } from '../comments/synthesis-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { ConnectionSlots } from '../sync/connection-limits.js';
import type { ProposalService } from '../proposals/proposal-service.js';
import type { SessionSockets } from '../auth/session-sockets.js';
import type { ImportRunner } from '../import/import-runner.js';
import type { ExportRunner } from '../publish/export-runner.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { EventBus } from '../events/event-bus.js';
import type { MemberService } from '../members/member-service.js';
import type { InvitationService } from '../members/invitation-service.js';
import type { DocumentService } from '../docs/document-service.js';
import type { ImageService } from '../images/image-service.js';
import type { RoundService } from '../rounds/round-service.js';
import type { RoundScheduler } from '../rounds/round-scheduler.js';
import type { MailService } from '../mail/mail-service.js';
import type { VersionService } from '../versions/version-service.js';
import type { StaleAgreementWatcher } from '../notifications/stale-agreement-watcher.js';
import type { EmailSettings } from '../mail/email-settings.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ExportRequest } from '../publish/export-service.js';
import type { DemoJson, ExportInput } from '@concord/shared';

/**
 * Everything the HTTP handlers need, built once in app.ts. There are no stores
 * here: handlers reach data only through the services, which check the rules and
 * write the audit entries (the boundaries test and ESLint keep store modules out of http/).
 */
export interface Services {
  config: Config;
  /** Resolves when the store's database answers (GET /readyz). */
  storePing: () => Promise<void>;
  sessions: SessionService;
  loginLimiter: {
    /** Sign-in failures per (email, client address) and per client address: exponential back-off. */
    byPair: Backoff;
    byAddress: Backoff;
    /** Wrong current passwords on POST /api/me/password, per account. */
    passwordChange: AttemptLimiter;
    /** New invitations by email, per account, whether or not the email has an account (spam; see member-routes.ts). */
    invitations: AttemptLimiter;
  };
  rooms: RoomManager;
  bus: EventBus;
  accounts: AccountService;
  documents: DocumentService;
  members: MemberService;
  /** Adding people by email (issue 12): the same answer whether or not the email has an account; with SMTP_URL its email is committed with it. */
  invitations: InvitationService;
  consensus: ConsensusService;
  comments: CommentService;
  synthesis: SynthesisService;
  notifications: NotificationService;
  /** Notices agreements gone stale after edits; tests wait for its checks (`nextCheck`). */
  staleAgreements: StaleAgreementWatcher;
  proposals: ProposalService;
  versions: VersionService;
  /** Figure images: upload checks, per-document reads, an export's images. */
  images: ImageService;
  /** Review rounds with deadlines (issue 19). */
  rounds: RoundService;
  /** Closes rounds past their deadline and announces reminders: at start and every 30 s. */
  roundChecks: RoundScheduler;
  /** Email: the outbox and its worker; `configured` false without SMTP_URL. */
  mail: MailService;
  /** Each member's email preference per document, and unsubscribe links. */
  emailSettings: EmailSettings;
  /** Reading a document's audit log. */
  audit: AuditLog;
  /** Reads what an export renders (publish/export-service.ts, loaded on first export). */
  exportInput: (docId: string, request: ExportRequest) => Promise<ExportInput>;
  /** Open sync sockets per account and per address (in Redis with REDIS_URL). */
  connectionLimits: ConnectionSlots;
  /** Open sync sockets by session: ending a session closes them (4401). */
  sessionSockets: SessionSockets;
  /** Converts imported files in a worker thread with time and memory limits. */
  imports: ImportRunner;
  /** Renders exports off the event loop (time and memory limits). */
  exports: ExportRunner;
  importLimiter: RateLimiter;
  /** Vote requests per account (PUT/DELETE …/vote, POST …/votes); one per server instance, or shared in Redis. */
  voteLimiter: RateLimiter;
  log: Logger;
  /** The demo accounts while the server runs on the demo content it created (GET /api/auth/demo); null on a real deployment. */
  demo: DemoJson['demo'];
  /** A round trip to the bus (Redis) for GET /readyz; null without REDIS_URL. */
  busPing: (() => Promise<void>) | null;
}

export interface AppEnv {
  Variables: {
    services: Services;
    /** The signed-in user, if any (set by the session middleware). */
    user: User | undefined;
    /** The caller's membership of the route's document, once an access check found it (access.ts). */
    member: { docId: string; user: User; role: Role } | undefined;
  };
}

export type { Role };
