/**
 * Notices when a commissioner's agreement goes stale because the text changed:
 * once when a room loads, then after its commits (at most one check per document
 * every `intervalMs`), compares each stored agree vote with its block's current
 * fingerprint. One
 * notification per (voter, block, agreed fingerprint), however often the text
 * changes again. Edits are attributed per block (from the Yjs transactions of
 * each connection), so the notice names who changed the paragraph; a voter who
 * was the only one to change it is not notified about their own edit (the
 * notice is kept as a record with themselves as actor, which lists never show). Deleted and restored paragraphs: deleted-blocks.ts.
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import type { ConsensusService } from '../consensus/consensus-service.js';
import type { Logger } from '../logger.js';
import type { Stores } from '../store/types.js';
import type { Room } from '../sync/room.js';
import type { RoomManager } from '../sync/room-manager.js';
import type { AnyYType } from '../sync/any-y-type.js';
import { snippet } from './snippet.js';
import { BLOCK_DELETED_KIND, deletedBlockNotices, restoredBlockNotices } from './deleted-blocks.js';
import type { NewNotification, NotificationService } from './notification-service.js';

interface WatchState {
  timer: NodeJS.Timeout | undefined;
  lastCheck: number;
  running: boolean;
  again: boolean;
  /** Who changed each block (by id) since the last check. */
  editors: Map<string, Set<string>>;
  /** Blocks (by id) whose content changed since the last check, whoever changed them. */
  changed: Set<string>;
  /** Something changed outside any block with an id (blocks added, removed, moved): check everything. */
  structural: boolean;
  /** Who deleted each paragraph (by id), while the room is open or until the paragraph is back. */
  deletedBy: Map<string, Set<string>>;
  /** Notification keys already handled while the room was open (the store de-duplicates across restarts). */
  handled: Set<string>;
  /** `nextCheck` callers, served by the next check to start. */
  waiting: (() => void)[];
}

/** Delay before the first check after a quiet spell, so one burst of typing is one check. */
const SETTLE_MS = 100;

export class StaleAgreementWatcher {
  constructor(
    private readonly stores: Stores,
    private readonly rooms: RoomManager,
    private readonly consensus: ConsensusService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
    private readonly intervalMs = 2000,
  ) {
    rooms.onRoomCreated((room) => this.watch(room));
  }

  /** The watch of each room (gone with the room). */
  private readonly watched = new WeakMap<Room, WatchState>();

  /**
   * Resolves once a check of the document that starts after this call has finished (one
   * is scheduled if none is): it has seen every edit applied before the call. A test's
   * proof that the watcher had its chance to notify, instead of a fixed wait.
   */
  nextCheck(docId: string): Promise<void> {
    const room = this.rooms.get(docId);
    const state = room && this.watched.get(room);
    if (!room || !state) return Promise.reject(new Error(`no open room for ${docId}`));
    const checked = new Promise<void>((resolve) => state.waiting.push(resolve));
    this.schedule(room, state);
    return checked;
  }

  private watch(room: Room): void {
    // The first check looks at everything: what changed while no room was open (or
    // before a crash) has not been checked.
    const state: WatchState = {
      timer: undefined,
      lastCheck: -Infinity,
      running: false,
      again: false,
      editors: new Map(),
      changed: new Set(),
      structural: true,
      deletedBy: new Map(),
      handled: new Set(),
      waiting: [],
    };
    this.watched.set(room, state);
    room.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const userId = room.editorOf(tr.origin);
      for (const type of tr.changed.keys()) {
        const blockId = enclosingBlockId(type);
        if (blockId === null) {
          state.structural = true;
          continue;
        }
        state.changed.add(blockId);
        if (userId === undefined) continue;
        const users = state.editors.get(blockId);
        if (users) users.add(userId);
        else state.editors.set(blockId, new Set([userId]));
      }
    });
    room.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const userId = room.editorOf(tr.origin);
      if (userId !== undefined && tr.deleteSet.clients.size > 0) recordDeleters(tr, userId, state.deletedBy);
    });
    room.onCommit(() => this.schedule(room, state));
    // That first check runs as the room loads, not after its first commit: on a
    // reviewed report it builds the whole-document view (every block converted and
    // fingerprinted), which after the first commit landed on the first keystrokes
    // (BENCHMARKS.md, Round 10 (server)). Later checks build on that view, so typing
    // costs them only the changed blocks. A document without votes costs one query.
    this.schedule(room, state);
  }

  private schedule(room: Room, state: WatchState): void {
    if (state.running) {
      state.again = true;
      return;
    }
    if (state.timer) return;
    const delay = Math.max(SETTLE_MS, state.lastCheck + this.intervalMs - performance.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(room, state);
    }, delay);
    state.timer.unref();
  }

  private async run(room: Room, state: WatchState): Promise<void> {
    if (room.isClosed || this.rooms.get(room.docId) !== room) return;
    state.running = true;
    state.lastCheck = performance.now();
    const served = state.waiting;
    state.waiting = [];
    const editors = state.editors;
    const changed = state.structural ? null : state.changed;
    state.editors = new Map();
    state.changed = new Set();
    state.structural = false;
    try {
      await this.check(room.docId, editors, changed, state.deletedBy, state.handled);
    } catch (err) {
      this.log.error({ err, docId: room.docId }, 'stale agreement check failed');
    } finally {
      state.running = false;
      for (const resolve of served) resolve();
      if (state.again) {
        state.again = false;
        this.schedule(room, state);
      }
    }
  }

  /**
   * `changed`: the blocks whose text changed since the last check, or null when
   * any block may have (and paragraphs may have been deleted or restored).
   */
  private async check(
    docId: string,
    editors: ReadonlyMap<string, ReadonlySet<string>>,
    changed: ReadonlySet<string> | null,
    deletedBy: Map<string, Set<string>>,
    handled: Set<string>,
  ): Promise<void> {
    const votes = await this.stores.consensus.listVotes(docId);
    // Typing changes one paragraph at a time: unless a changed block carries an
    // agreement, there is nothing to compare, and the whole-document view (a
    // conversion of every block) is not built. Deletions are structural changes.
    const relevant = changed === null ? votes.length > 0 : votes.some((v) => v.stance === 'agree' && changed.has(v.blockId));
    if (!relevant) return;
    const { view, stored, commissioners } = await this.consensus.view(docId);
    const counted = new Set(commissioners);
    const isPresent = (blockId: string) => view.byId.has(blockId);
    const found: NewNotification[] = [];
    if (changed === null) {
      found.push(...deletedBlockNotices(docId, stored, isPresent, counted, deletedBy, handled));
      for (const blockId of deletedBy.keys()) if (isPresent(blockId)) deletedBy.delete(blockId);
      const deletionNotices = await this.stores.notifications.listOfDoc(docId, BLOCK_DELETED_KIND);
      await this.notifications.withdraw(restoredBlockNotices(deletionNotices, isPresent, handled));
    }
    for (const v of stored) {
      if (v.stance !== 'agree' || !counted.has(v.userId)) continue;
      const block = view.byId.get(v.blockId)?.block;
      // A deleted block is not "changed text"; its votes are orphaned, not stale.
      if (!block || block.fingerprint === v.fingerprint) continue;
      const dedupeKey = `agreement_stale:${v.blockId}:${v.fingerprint}`;
      if (handled.has(`${v.userId}\u0000${dedupeKey}`)) continue;
      handled.add(`${v.userId}\u0000${dedupeKey}`);
      const changedBy = editors.get(v.blockId) ?? new Set<string>();
      const others = [...changedBy].filter((id) => id !== v.userId);
      // The voter's own edit: recorded (so it is never announced later, e.g. after a restart) but never shown to them.
      const ownEdit = others.length === 0 && changedBy.has(v.userId);
      found.push({
        userId: v.userId,
        docId,
        kind: 'agreement_stale',
        blockId: v.blockId,
        actorId: ownEdit ? v.userId : others.length === 1 ? others[0]! : null,
        text: `A paragraph you agreed to has changed; your agreement no longer counts: “${snippet(block.text)}”`,
        dedupeKey,
        read: ownEdit,
      });
    }
    if (found.length > 0) await this.notifications.notify(found);
  }
}

/** Notes `userId` as the deleter of every paragraph or heading (with an id) this transaction deleted. */
function recordDeleters(tr: Y.Transaction, userId: string, deletedBy: Map<string, Set<string>>): void {
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return;
    const type = struct.content.type;
    if (!(type instanceof Y.XmlElement) || !isBlockNodeType(type.nodeName)) return;
    // getAttribute ignores deleted entries, and the attributes went with the element: read the entry itself.
    const id: unknown = type._map.get(BLOCK_ID_ATTR)?.content.getContent()[0];
    if (typeof id !== 'string' || id === '') return;
    const users = deletedBy.get(id);
    if (users) users.add(userId);
    else deletedBy.set(id, new Set([userId]));
  });
}

/** The id of the paragraph or heading a changed Yjs type belongs to, if any. */
function enclosingBlockId(type: AnyYType): string | null {
  for (let t: AnyYType | null = type; t; t = t.parent as AnyYType | null) {
    if (t instanceof Y.XmlElement && isBlockNodeType(t.nodeName)) {
      const id: unknown = t.getAttribute(BLOCK_ID_ATTR);
      return typeof id === 'string' && id !== '' ? id : null;
    }
  }
  return null;
}
