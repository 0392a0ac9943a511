/**
 * One open document on this device: the Y.Doc, its IndexedDB copy, the socket
 * to the server, and a truthful account of what the server has durably saved.
 * Knows Yjs and the wire protocol, not React (see use-doc-session.ts).
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { CloseCode, CONCORD_PROTOCOL_VERSION, CONCORD_QUERY_PARAM, MessageType } from '@concord/shared';
import type { Capability, Role } from '../api/types';
import { readConcordMessage, type ConcordPayload, type DocEvent, type ServerError } from './concord-messages';
import { ConnectionPhaseTracker, type ConnectionPhase } from './connection-phase';
import { DurabilityLedger } from './durability';
import { decodeSV, type StateVector } from './save-state';
import { loadSavedRecord, storeSavedRecord } from './saved-record';
import { TabChannel } from './tab-channel';
import { quietLocalLoad } from './quiet-local-load';
import { UpdateOutbox } from './outbox';
import { writeToLocalCopy } from './local-copy-writer';
import { RemoteInbox } from './remote-inbox';
import { remoteFrames } from './frame-scheduler';

export type { ConnectionPhase };

export interface SyncSnapshot {
  phase: ConnectionPhase;
  /** Local copy (IndexedDB) loaded, or unavailable: the editor can be shown. */
  localReady: boolean;
  /** Changes on this device the server has not confirmed as durably saved. */
  unsaved: number;
  /** Role the server granted on this connection (null until the welcome). */
  role: Role | null;
  /** What that role may do here, as the server says (null until the welcome). */
  capabilities: readonly Capability[] | null;
  /** Set when the server closed the connection for good (no access, deleted …). */
  closed: { code: number; reason: string } | null;
  lastError: ServerError | null;
  /** IndexedDB is unavailable: offline work will not survive a reload. */
  noLocalCopy: boolean;
  /** The server speaks another protocol version (it was updated): the page must be reloaded. */
  reloadRequired: boolean;
}

/** Close codes after which reconnecting cannot help. */
const TERMINAL_CLOSES: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.forbidden,
  CloseCode.notFound,
  CloseCode.documentDeleted,
]);
const PROBE_DELAY_MS = 300;
const PERSIST_DELAY_MS = 1000;

export class DocSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private idb: IndexeddbPersistence | null = null;
  /** Other tabs of this document on this device (their edits count as unsaved here too). */
  private readonly tabs: TabChannel;
  /** Writes, sends and shares updates, and announces my caret, once per frame after it is painted. */
  private readonly outbox: UpdateOutbox;
  private ledger = new DurabilityLedger();
  private readonly phases: ConnectionPhaseTracker;
  /** Other people's updates and presence, applied once a frame (remote-inbox.ts). */
  private readonly inbox: RemoteInbox;
  private snapshot: SyncSnapshot = {
    phase: 'loading',
    localReady: false,
    unsaved: 0,
    role: null,
    capabilities: null,
    closed: null,
    lastError: null,
    noLocalCopy: false,
    reloadRequired: false,
  };
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: DocEvent) => void>();
  /** Our reply to the server's step 1 went out: probes sent from now on cover offline work. */
  private repliedToServer = false;
  /** This device's edits arrived from the server (another tab's, relayed first): a probe gets them a `saved`. */
  private ownEditsToConfirm = false;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;
  private readOnly: boolean;

  constructor(
    readonly docId: string,
    options: { initialCapabilities?: readonly Capability[]; wsBase?: string } = {},
  ) {
    this.readOnly = options.initialCapabilities ? !options.initialCapabilities.includes('edit') : false;
    const wsBase = options.wsBase ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
    this.provider = new WebsocketProvider(wsBase, docId, this.doc, {
      connect: false,
      params: { [CONCORD_QUERY_PARAM]: '1' },
      disableBc: true,
      maxBackoffTime: 2500,
      shouldReconnect: (event) => !TERMINAL_CLOSES.has(event.code),
    });
    this.tabs = new TabChannel(docId, this.doc, { fromAnotherTab: true }, (clientId) => {
      if (this.ledger.writesHere(clientId)) this.confirmOwnEdits();
      this.recompute();
    });
    this.outbox = new UpdateOutbox({
      localCopy: (updates) => {
        if (this.idb) writeToLocalCopy(this.idb, updates);
      },
      // Sent only while connected, as y-websocket does: the sync handshake sends the rest.
      server: (update) => this.provider._updateHandler(update, this.outbox),
      tabs: (update) => this.tabs.share(update),
      presence: () => this.provider._awarenessUpdateHandler({ added: [], updated: [this.doc.clientID], removed: [] }, this.outbox),
    });
    this.phases = new ConnectionPhaseTracker(this.provider, (phase) => this.update({ phase }));
    this.inbox = new RemoteInbox(this.doc, this.provider, remoteFrames());
    this.installHandlers();
    void this.start();
  }

  // --- store interface for React ------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  /** Document events from the server (members changed, renamed; later: votes, comments). */
  onEvent(listener: (event: DocEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Leaving the document: presence goes at once, but the socket stays until the
   * server has confirmed what is in flight (at most `graceMs`). Anything still
   * unsaved then is kept in IndexedDB and sent next time the document is opened.
   */
  close(graceMs = 10_000): void {
    if (this.destroyed) return;
    this.provider.awareness.setLocalState(null);
    // Presence goes now, and what was typed in this frame with it.
    this.outbox.flush();
    if (this.readOnly || this.snapshot.unsaved === 0 || this.snapshot.phase !== 'connected') return this.destroy();
    const timer = setTimeout(() => this.destroy(), graceMs);
    const unsubscribe = this.subscribe(() => {
      if (this.snapshot.unsaved > 0 && this.snapshot.phase === 'connected') return;
      clearTimeout(timer);
      unsubscribe();
      this.destroy();
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.probeTimer);
    clearTimeout(this.persistTimer);
    this.outbox.destroy();
    this.persist();
    this.inbox.discard();
    this.phases.destroy();
    this.tabs.destroy();
    this.provider.destroy();
    void this.idb?.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  // --- start-up --------------------------------------------------------------------

  /** Local copy first (fast, works offline), then the server. */
  private async start(): Promise<void> {
    try {
      this.idb = new IndexeddbPersistence('concord-' + this.docId, this.doc);
      // The outbox writes updates to it, once per frame (see onUpdate).
      this.doc.off('update', this.idb._storeUpdate);
      const loud = quietLocalLoad(this.doc, this.idb);
      await withTimeout(this.idb.whenSynced, 5000).finally(loud);
      this.ledger = new DurabilityLedger(await loadSavedRecord(this.idb));
    } catch {
      this.update({ noLocalCopy: true });
    }
    if (this.destroyed) return;
    this.update({ localReady: true });
    this.tabs.greet();
    this.recompute();
    this.provider.connect();
  }

  private installHandlers(): void {
    const { provider, doc } = this;
    // Updates and my presence go out through the outbox, once per frame (see onUpdate, onPresence).
    doc.off('update', provider._updateHandler);
    doc.on('update', this.onUpdate);
    provider.awareness.off('update', provider._awarenessUpdateHandler);
    provider.awareness.on('update', this.onPresence);
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === provider) {
        if (this.ledger.receivedFromServer(tr)) this.confirmOwnEdits();
      } else {
        // Typed here: this tab's client id (Yjs may change it) is one of this device's.
        if (tr.local && tr.afterState.get(doc.clientID) !== tr.beforeState.get(doc.clientID)) this.ledger.writesHere(doc.clientID);
        // Deletions typed here or in another tab of this device: unsaved until a probe proves them durable.
        if ((tr.local || tr.origin === this.tabs.origin) && tr.deleteSet.clients.size > 0) {
          this.ledger.acks.localDeletion();
          this.scheduleProbe();
        }
      }
      this.recompute(tr.afterState);
    });

    const syncHandler = provider.messageHandlers[MessageType.sync]!;
    provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, type) => {
      const subtype = peekVarUint(decoder);
      if (subtype === syncProtocol.messageYjsUpdate) {
        // Other people's edits: applied together once a frame, not one view update each.
        decoding.readVarUint(decoder);
        this.inbox.receiveUpdate(decoding.readVarUint8Array(decoder));
        return;
      }
      // Step 1 reads the document and step 2 answers a probe: both see what arrived before them applied.
      this.inbox.flush();
      if (subtype === syncProtocol.messageYjsSyncStep2) this.ledger.acks.stepTwoReceived();
      syncHandler(encoder, decoder, p, emitSynced, type);
      if (subtype === syncProtocol.messageYjsSyncStep1) {
        // The provider sends our step 2 reply right after this handler returns.
        queueMicrotask(() => {
          this.repliedToServer = true;
          this.probe();
        });
      }
    };
    // Carets and who is here: applied in the same frame as the updates, before them (remote-inbox.ts).
    const presenceHandler = provider.messageHandlers[MessageType.awareness]!;
    provider.messageHandlers[MessageType.awareness] = (encoder, decoder, p, emitSynced, type) =>
      this.inbox.receivePresence(() => presenceHandler(encoder, decoder, p, emitSynced, type));
    provider.messageHandlers[MessageType.concord] = (_encoder, decoder) => {
      const message = readConcordMessage(decoder);
      // `saved` and events keep their place after the updates that came before them; the welcome
      // and errors are handled at once (a welcome may stop the connection before anything else).
      if (message.kind === 'saved' || message.kind === 'event') this.inbox.receiveAfterUpdates(() => this.handleConcord(message));
      else {
        this.inbox.flush();
        this.handleConcord(message);
      }
    };
    // Before the provider forgets the others' presence and we forget the probes in flight:
    // whatever this connection delivered is applied first.
    provider.on('connection-close', () => this.inbox.flush());

    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        // The provider sends its own step 1 right after this event.
        this.repliedToServer = false;
        // The answer to that step 1 comes once everything before it is committed, with a `saved`.
        this.ownEditsToConfirm = false;
        this.ledger.acks.connectStepOneSent();
        this.update({ lastError: null });
      } else if (status === 'disconnected') {
        this.ledger.acks.reset();
      }
    });
    provider.on('closed', ({ code, reason }) => this.update({ closed: { code, reason } }));
  }

  /** Where an update goes, by where it came from. */
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const fromServer = origin === this.provider;
    const fromLocalCopy = this.idb !== null && origin === this.idb;
    const fromTab = origin === this.tabs.origin;
    this.outbox.add(
      update,
      {
        localCopy: this.idb !== null && !fromLocalCopy,
        // Read-only roles never send document updates: the server would refuse them
        // and, after a few, disconnect us.
        server: !this.readOnly && !fromServer,
        // Server updates reach every tab from the server; the local copy and other tabs' updates are shared already.
        tabs: !fromServer && !fromLocalCopy && !fromTab,
      },
      !fromServer,
    );
  };

  /**
   * Only my own presence is announced. (y-websocket also re-sends every change
   * it hears of other people's, which the server drops: it speaks for each
   * connection's own client ids only.)
   */
  private readonly onPresence = ({ added, updated, removed }: PresenceChange): void => {
    const me = this.doc.clientID;
    if (added.includes(me) || updated.includes(me) || removed.includes(me)) this.outbox.presenceChanged();
  };

  private handleConcord(message: ConcordPayload): void {
    switch (message.kind) {
      case 'saved':
        this.ledger.saved(decodeSV(message.stateVector));
        if (this.ledger.acks.savedReceived() && this.ledger.acks.needsProbe) this.scheduleProbe();
        this.schedulePersist();
        this.recompute();
        return;
      case 'welcome':
        if (message.welcome.protocolVersion !== CONCORD_PROTOCOL_VERSION) {
          // A client built for another protocol could misread what follows: stop
          // before syncing (local changes stay in IndexedDB) and ask for a reload.
          this.phases.reloadRequired();
          this.provider.shouldConnect = false;
          this.provider.disconnect();
          this.update({ reloadRequired: true });
          return;
        }
        this.readOnly = !message.welcome.capabilities.includes('edit');
        this.update({ role: message.welcome.role, capabilities: message.welcome.capabilities });
        return;
      case 'error':
        this.update({ lastError: message.error });
        return;
      case 'event':
        for (const listener of this.eventListeners) listener(message.event);
        return;
      case 'unknown':
        return;
    }
  }

  // --- saving ------------------------------------------------------------------------

  /** `local`: the document's state vector, where a transaction has it already (see DurabilityLedger.unsavedFrom). */
  private recompute(local?: StateVector): void {
    if (!this.snapshot.localReady) return;
    const unsaved = local ? this.ledger.unsavedFrom(local) : this.ledger.unsaved(this.doc);
    if (unsaved !== this.snapshot.unsaved) {
      this.update({ unsaved });
      this.schedulePersist();
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      this.probe();
    }, PROBE_DELAY_MS);
  }

  /** Edits of this device that this tab did not send itself: only a probe's `saved` confirms them. */
  private confirmOwnEdits(): void {
    this.ownEditsToConfirm = true;
    this.scheduleProbe();
  }

  /**
   * Sends a sync step 1 whose answer proves earlier deletions durable (see AckTracker), and
   * whose `saved` covers what the server relayed of this device's other tabs. Updates
   * still in the inbox are left there: the state vector then lacks them, so the answer only
   * carries them again (applying an update twice changes nothing), and the deletions it proves
   * are this device's own, never in the inbox.
   */
  private probe(): void {
    const ws = this.provider.ws;
    if (!this.repliedToServer || !ws || ws.readyState !== WebSocket.OPEN) return;
    if (!this.ledger.acks.needsProbe && !this.ownEditsToConfirm) return;
    this.ownEditsToConfirm = false;
    // The probe proves only what went before it on the socket: the deletions it counts must be sent first.
    this.outbox.flush();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.ledger.acks.stepOneSent();
  }

  private schedulePersist(): void {
    if (this.persistTimer || !this.idb) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persist();
    }, PERSIST_DELAY_MS);
  }

  private persist(): void {
    if (!this.idb || !this.snapshot.localReady) return;
    void storeSavedRecord(this.idb, this.ledger.snapshot()).catch(() => {});
  }

  private update(patch: Partial<SyncSnapshot>): void {
    const keys = Object.keys(patch) as (keyof SyncSnapshot)[];
    if (keys.every((k) => Object.is(patch[k], this.snapshot[k]))) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** The awareness `update` event's payload (client ids). */
interface PresenceChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function peekVarUint(decoder: decoding.Decoder): number {
  const copy = decoding.createDecoder(decoder.arr);
  copy.pos = decoder.pos;
  return decoding.readVarUint(copy);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err: unknown) => (clearTimeout(timer), reject(err instanceof Error ? err : new Error(String(err)))),
    );
  });
}
