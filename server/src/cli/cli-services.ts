/**
 * The application services the CLI runs its commands through — the same ones
 * the web app uses, so the CLI can do nothing the web app would not check and
 * audit. With run.ts, the CLI's composition root: the only CLI modules that
 * hold the stores (commands see services only; the boundaries test and ESLint
 * keep store modules out of the rest of cli/). Its event bus has no subscribers
 * in this process: with REDIS_URL it is the servers' shared bus (run.ts), else
 * a running server learns of the changes through its CrossProcessRelay
 * (events/cross-process-relay.ts).
 */
import { InProcessEventBus, type EventBus } from '../events/event-bus.js';
import { MemberService } from '../members/member-service.js';
import { DocumentService } from '../docs/document-service.js';
import { AccountService } from '../auth/account-service.js';
import { RoomManager } from '../sync/room-manager.js';
import { defaultRoomOptions } from '../sync/room.js';
import { ConsensusService } from '../consensus/consensus-service.js';
import { VersionService } from '../versions/version-service.js';
import type { ExportContext } from '../publish/export-service.js';
import { createLogger } from '../logger.js';
import type { Stores } from '../store/types.js';

/**
 * A private, read-only view of the documents (export, version lists): no
 * block-id assignment and no compaction (the unload timer that would compact
 * never fires before the CLI exits: it is unref'd), and nothing listens on its
 * bus, so nothing is written to the server's database.
 */
interface ReadOnlyView {
  exportContext: ExportContext;
  versions: VersionService;
  /** Drops the in-memory copy of a document (and its presence timer) without compacting. */
  drop(docId: string): void;
}

export interface CliServices {
  members: MemberService;
  documents: DocumentService;
  accounts: AccountService;
  /** A private, read-only view for export and version listing (made on each call). */
  readOnly: () => ReadOnlyView;
}

export function cliServices(stores: Stores, shared?: EventBus): CliServices {
  const bus =
    shared ??
    new InProcessEventBus((err) => {
      throw err;
    });
  return {
    members: new MemberService(stores, bus),
    documents: new DocumentService(stores, bus, Number.MAX_SAFE_INTEGER),
    accounts: new AccountService(stores.accounts, stores.members),
    readOnly: () => readOnlyView(stores),
  };
}

function readOnlyView(stores: Stores): ReadOnlyView {
  const rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 24 * 3600_000 });
  // Nothing listens on this bus: reading changes nothing.
  const bus = new InProcessEventBus(() => {});
  const consensus = new ConsensusService(stores, rooms, bus);
  // Nothing is edited, so no checkpoint is ever taken.
  const versions = new VersionService(stores, rooms, consensus, bus, createLogger('silent'), {
    checkpointIntervalMs: 3600_000,
    maxAutoVersions: 500,
    captureInWorker: false,
  });
  return {
    exportContext: { stores, rooms, consensus, versions },
    versions,
    drop: (docId) => rooms.get(docId)?.close(1001),
  };
}
