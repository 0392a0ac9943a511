/**
 * Builds and starts a Concord server from a Config: stores, rooms, HTTP routes
 * and the sync socket on one port. Tests start it on port 0 with a temp dir.
 */
import { Hono } from 'hono';
import type * as Y from 'yjs';
import { serve, type ServerType } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openSqliteStores } from './store/open-stores.js';
import { lockDataDir } from './store/data-dir-lock.js';
import type { Stores } from './store/types.js';
import { SessionService } from './auth/sessions.js';
import { AttemptLimiter } from './auth/attempt-limiter.js';
import { BackoffLimiter, LOGIN_ADDRESS_POLICY, LOGIN_PAIR_POLICY } from './auth/backoff-limiter.js';
import { RoomManager } from './sync/room-manager.js';
import { defaultRoomOptions } from './sync/room.js';
import type { AppEnv, Services } from './http/context.js';
import { errorHandler } from './http/errors.js';
import { readiness } from './http/readiness.js';
import { sessionMiddleware } from './http/session-middleware.js';
import { originCheck } from './http/origin-check.js';
import { bodyLimits } from './http/body-limits.js';
import { authRoutes } from './http/auth-routes.js';
import { docRoutes } from './http/doc-routes.js';
import { memberRoutes } from './http/member-routes.js';
import { consensusRoutes, VOTE_BURST, VOTES_PER_SECOND } from './http/consensus-routes.js';
import { publishRoutes } from './http/publish-routes.js';
import { commentRoutes } from './http/comment-routes.js';
import { synthesisRoutes } from './http/synthesis-routes.js';
import { notificationRoutes } from './http/notification-routes.js';
import { proposalRoutes } from './http/proposal-routes.js';
import { imageRoutes } from './http/image-routes.js';
import { ImageService } from './images/image-service.js';
import { ProposalService } from './proposals/proposal-service.js';
import { VersionService } from './versions/version-service.js';
import { versionRoutes } from './http/version-routes.js';
import { CommentService } from './comments/comment-service.js';
import { SynthesisService } from './comments/synthesis-service.js';
import { NotificationService } from './notifications/notification-service.js';
import { StaleAgreementWatcher } from './notifications/stale-agreement-watcher.js';
import { ConsensusService } from './consensus/consensus-service.js';
import { assignMissingBlockIds, mayNeedBlockIds } from './consensus/block-ids.js';
import { ConnectionLimits } from './sync/connection-limits.js';
import { publishingRevocations, SessionSockets } from './auth/session-sockets.js';
import { DEFAULT_IMPORT_LIMITS, ImportRunner } from './import/import-runner.js';
import { ExportRunner } from './publish/export-runner.js';
import { importRateLimiter } from './import/import-limits.js';
import { syncEndpoint } from './http/sync-endpoint.js';
import { openApiRoutes } from './http/openapi/openapi-routes.js';
import { staticFiles } from './http/static-files.js';
import { startDemo, type DemoSignIn } from './demo/demo-sign-in.js';
import { InProcessEventBus, type EventBus } from './events/event-bus.js';
import { localRateLimiters } from './limits/rate-limiter.js';
import { connectLiveEvents } from './sync/live-events.js';
import { CommentNotifier } from './notifications/comment-notifier.js';
import { DocumentService } from './docs/document-service.js';
import { MemberService } from './members/member-service.js';
import { InvitationService, INVITATIONS_PER_HOUR } from './members/invitation-service.js';
import { CrossProcessRelay } from './events/cross-process-relay.js';
import { roundRoutes } from './http/round-routes.js';
import { mailRoutes } from './http/mail-routes.js';
import { RoundService } from './rounds/round-service.js';
import { RoundScheduler } from './rounds/round-scheduler.js';
import { MailService } from './mail/mail-service.js';
import { EmailSettings } from './mail/email-settings.js';
import { AccountService } from './auth/account-service.js';
import { AuditLog } from './audit/audit-log.js';
import { MailNotifier } from './mail/mail-notifier.js';
import { InvitationMailer } from './mail/invitation-mailer.js';
import { loadSigningKey } from './mail/unsubscribe-token.js';
import { loadExportService } from './publish/lazy-modules.js';
import { loadPostgresStores, loadRedisEngine, loadSmtpSender } from './engines/optional-engines.js';

/** The services, and the stores under them: for tests and tools that set up data. Routes see only `Services`. */
type ServerInternals = Services & { stores: Stores };

export interface RunningServer {
  port: number;
  url: string;
  services: ServerInternals;
  /** The demo accounts when the server runs on the demo content it created (main.ts prints them); null otherwise. */
  demo: DemoSignIn | null;
  /** Graceful: flush, compact, close sockets with "going away", close the database. */
  stop(): Promise<void>;
}

export function buildApp(services: Services) {
  const api = new Hono<AppEnv>()
    .route('/', authRoutes)
    .route('/', docRoutes)
    .route('/', memberRoutes)
    .route('/', consensusRoutes)
    .route('/', publishRoutes)
    .route('/', commentRoutes)
    .route('/', synthesisRoutes)
    .route('/', notificationRoutes)
    .route('/', proposalRoutes)
    .route('/', imageRoutes)
    .route('/', roundRoutes)
    .route('/', mailRoutes)
    .route('/', versionRoutes)
    .route('/', openApiRoutes);
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(services.log));
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', readiness(services));
  app.use('/api/*', originCheck(services));
  app.use('*', sessionMiddleware(services));
  app.use('*', bodyLimits(services.config.maxImageBytes));
  app.route('/api', api);
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: 'no such endpoint' } }, 404));
  return { app, api };
}

export type AppType = ReturnType<typeof buildApp>['api'];

export async function startServer(
  config: Config,
  options: {
    logger?: Logger;
    stores?: Stores;
    /** The clock of this process's sign-in back-off (not Redis's): tests move it instead of waiting out real seconds. */
    signInClock?: () => number;
  } = {},
): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel);
  // SQLite: one server per data directory; refuses to start (DataDirInUseError) while another
  // uses it. PostgreSQL: any number of processes share the database (compaction is safe with several writers).
  const dataDirLock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  // With PostgreSQL the data directory still holds the mail signing key; SQLite's lock creates it otherwise.
  if (config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const opened =
    options.stores ??
    (config.databaseUrl
      ? await (await loadPostgresStores()).openPgStores(config.databaseUrl).catch((err: unknown) => {
          dataDirLock?.release();
          throw err;
        })
      : // Document commits run in a worker thread: the event loop keeps serving while the disk syncs.
        openSqliteStores(config.dbFile, { synchronous: config.sqliteSynchronous, writer: {} }));
  const onHandlerError = (err: unknown, event: { type: string }) => log.error({ err, event: event.type }, 'event handler failed');
  // With REDIS_URL, several processes share events, document updates and limits through Redis.
  const onRedis = config.redisUrl ? await loadRedisEngine() : null;
  const redis = onRedis && config.redisUrl ? { link: await onRedis.RedisLink.connect(config.redisUrl, log), engine: onRedis } : null;
  const bus: EventBus = redis ? await redis.engine.RedisEventBus.start(redis.link, onHandlerError) : new InProcessEventBus(onHandlerError);
  const sessionSockets = new SessionSockets();
  sessionSockets.subscribe(bus);
  // Every revocation through this process is announced on the bus: its sockets close before the answer.
  const stores: Stores = {
    ...opened,
    accounts: publishingRevocations(opened.accounts, bus),
    ...(opened.ping ? { ping: () => opened.ping!() } : {}),
    close: () => opened.close(),
  };
  const demo = await startDemo(config, stores, log);
  const rooms = new RoomManager(
    stores.docs,
    log,
    { ...defaultRoomOptions, unloadGraceMs: config.unloadGraceMs, maxQueuedWriteBytes: config.writeQueueMaxBytes },
    // Committed updates and presence reach the other processes that have the document open.
    redis ? new redis.engine.RedisDocFanout(redis.link) : undefined,
  );
  rooms.onRoomCreated((room) => {
    // Give ids to blocks that arrive without one (stock clients, scripts), soon after
    // a commit that changed the document's structure (typing text needs no pass).
    let timer: NodeJS.Timeout | undefined;
    let structureChanged = true;
    room.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!structureChanged && mayNeedBlockIds(tr)) structureChanged = true;
    });
    const assign = () => {
      timer = undefined;
      if (room.isClosed || rooms.isShuttingDown || !structureChanged) return;
      structureChanged = false;
      try {
        assignMissingBlockIds(room.doc);
      } catch (err) {
        // A background task must never take the process down: fail this room only
        // (its clients reconnect to a fresh copy from the store).
        room.failFromBackground(err);
      }
    };
    assign();
    room.onCommit(() => {
      if (structureChanged) timer ??= setTimeout(assign, 50);
    });
  });
  connectLiveEvents(bus, rooms);
  // Per-account rate limits: one budget for the whole deployment with Redis.
  const limits = redis ? redis.engine.redisRateLimiters(redis.link) : localRateLimiters;
  const connectionSlots = redis
    ? new redis.engine.RedisConnectionSlots(redis.link, config.maxConnectionsPerUser, config.maxConnectionsPerAddress)
    : new ConnectionLimits(config.maxConnectionsPerUser, config.maxConnectionsPerAddress);
  const consensus = new ConsensusService(stores, rooms, bus);
  const notifications = new NotificationService(stores, bus, log);
  new CommentNotifier(stores, notifications).subscribe(bus);
  const comments = new CommentService(stores, consensus, bus, undefined, limits);
  const staleAgreements = new StaleAgreementWatcher(stores, rooms, consensus, notifications, log);
  const versions = new VersionService(stores, rooms, consensus, bus, log, {
    checkpointIntervalMs: config.checkpointIntervalMs,
    maxAutoVersions: config.maxAutoVersions,
  });
  // A checkpoint before an adoption replaces a paragraph (issue 18).
  const proposals = new ProposalService(
    stores,
    rooms,
    consensus,
    bus,
    undefined,
    (docId, actorId) => versions.checkpoint(docId, 'before_adoption', actorId),
    limits,
  );
  // Links in emails need the address people open Concord at: PUBLIC_URL, else ours once listening.
  let ownUrl = '';
  const mail = new MailService(
    stores,
    config.smtpUrl && config.mailFrom ? (await loadSmtpSender()).smtpSender(config.smtpUrl, config.mailFrom) : null,
    {
      signingKey: loadSigningKey(config.dataDir),
      baseUrl: () => config.publicUrl ?? ownUrl,
      retryMs: config.mailRetryMs,
      digestHour: config.mailDigestHour,
      timeZone: config.timeZone,
      from: config.mailFrom,
    },
    log,
  );
  new MailNotifier(stores, mail).subscribe(bus);
  const rounds = new RoundService(stores, consensus, bus, log);
  const roundChecks = new RoundScheduler(rounds, log);
  const accounts = new AccountService(stores.accounts, stores.members, config.passwordCost);
  const members = new MemberService(stores, bus);
  const services: ServerInternals = {
    config,
    stores,
    storePing: () => stores.ping?.() ?? Promise.resolve(),
    log,
    demo,
    rooms,
    bus,
    accounts,
    documents: new DocumentService(stores, bus, config.maxDocsPerUser),
    members,
    invitations: new InvitationService(stores, bus, members, new InvitationMailer(stores, mail)),
    consensus,
    comments,
    synthesis: new SynthesisService(stores, consensus, comments, notifications, proposals),
    notifications,
    proposals,
    versions,
    staleAgreements,
    images: new ImageService(stores, config),
    rounds,
    roundChecks,
    mail,
    emailSettings: new EmailSettings(stores, mail, bus),
    audit: new AuditLog(stores.consensus, accounts),
    exportInput: async (docId, request) =>
      (await loadExportService()).buildExportInput({ stores, rooms, consensus, versions }, docId, request),
    sessionSockets,
    imports: new ImportRunner(DEFAULT_IMPORT_LIMITS, (job) => log.debug(job, 'import converting in the worker')),
    exports: new ExportRunner({ timeMs: config.exportTimeLimitMs, heapMb: config.exportMemoryLimitMb }, (job) =>
      log.debug(job, 'export rendering in the worker'),
    ),
    importLimiter: importRateLimiter(limits),
    voteLimiter: limits('votes', VOTES_PER_SECOND, VOTE_BURST),
    connectionLimits: connectionSlots,
    sessions: new SessionService(stores.accounts, config.sessionTtlMs),
    busPing: redis ? () => redis.link.ping() : null,
    loginLimiter: {
      // With Redis, failed sign-ins count across every process (a guesser gains nothing by spreading out).
      byPair: redis
        ? redis.engine.redisBackoff(redis.link, 'login-pair', LOGIN_PAIR_POLICY)
        : new BackoffLimiter(LOGIN_PAIR_POLICY, options.signInClock),
      byAddress: redis
        ? redis.engine.redisBackoff(redis.link, 'login-address', LOGIN_ADDRESS_POLICY)
        : new BackoffLimiter(LOGIN_ADDRESS_POLICY, options.signInClock),
      passwordChange: new AttemptLimiter(10, 15 * 60_000),
      invitations: new AttemptLimiter(INVITATIONS_PER_HOUR, 60 * 60_000),
    },
  };
  // Changes made by another process (the CLI): membership changes and ended sessions, every 500 ms.
  // With Redis the CLI publishes its membership changes there; sessions are still looked up here.
  const otherProcesses = new CrossProcessRelay(
    { audit: redis ? null : stores.consensus, accounts: stores.accounts, openSessions: () => sessionSockets.openSessions() },
    bus,
    log,
  );
  await otherProcesses.start();
  const { app } = buildApp(services);
  const nodeWs = createNodeWebSocket({ app });
  const { upgradeWebSocket, wss } = nodeWs;
  // The socket library accepts 100 MiB by default; cap it at the transport. Over
  // twice the cap the library closes with 1009; over the cap we close with 4413.
  (wss.options as { maxPayload?: number }).maxPayload = config.maxMessageBytes * 2;
  app.get('/sync/:docId', syncEndpoint(upgradeWebSocket as never));
  app.use('*', staticFiles(config.clientDist));

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  nodeWs.injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ownUrl = url;
  // Deadlines that passed while the server was down close now; then every 30 s. Mail queued before a crash goes out now.
  await roundChecks.start();
  mail.start();
  log.info(
    { url, dataDir: config.dataDir, store: config.databaseUrl ? 'postgresql' : 'sqlite', email: mail.configured, demo: demo !== null },
    'Concord is listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    url,
    services,
    demo,
    stop() {
      stopping ??= (async () => {
        await versions.close();
        await services.imports.close();
        await services.exports.close();
        await roundChecks.stop();
        await mail.stop();
        await rooms.shutdown();
        await otherProcesses.stop();
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (redis && connectionSlots instanceof redis.engine.RedisConnectionSlots) connectionSlots.close();
        await redis?.link.close();
        await stores.close();
        dataDirLock?.release();
        log.info('Concord stopped');
      })();
      return stopping;
    },
  };
}
