/**
 * The application services the CLI runs its commands through — the same ones
 * the web app uses, so the CLI can do nothing the web app would not check and
 * audit. Its event bus has no subscribers in this process: with REDIS_URL it
 * is the servers' shared bus (run.ts), else a running server learns of the
 * changes through its CrossProcessRelay (events/cross-process-relay.ts).
 */
import { InProcessEventBus, type EventBus } from '../events/event-bus.js';
import { MemberService } from '../members/member-service.js';
import { DocumentService } from '../docs/document-service.js';
import type { Stores } from '../store/types.js';

export interface CliServices {
  members: MemberService;
  documents: DocumentService;
}

export function cliServices(stores: Stores, shared?: EventBus): CliServices {
  const bus =
    shared ??
    new InProcessEventBus((err) => {
      throw err;
    });
  return { members: new MemberService(stores, bus), documents: new DocumentService(stores, bus, Number.MAX_SAFE_INTEGER) };
}
