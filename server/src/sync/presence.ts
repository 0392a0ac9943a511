/**
 * Presence can't lie: whatever a client puts in its awareness state, the `user`
 * field others see is the identity of the authenticated session. A client may
 * only speak for awareness client ids it introduced itself.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Principal } from './types.js';

interface PresenceOwner {
  readonly awarenessClientIds: Set<number>;
}

interface PresenceRoom {
  /**
   * The connection speaking for each presence client id now (set here, forgotten when
   * it leaves the room): one look-up per entry instead of a scan of every socket, for
   * the several entries of each of the echoes every stock client sends of every
   * presence message.
   */
  readonly presenceHolders: Map<number, object>;
  /**
   * Which account first announced each presence client id in this document, kept
   * after it disconnects: someone else may not take over the slot of a user who
   * is reconnecting (their presence would then be dropped as "owned by another").
   */
  readonly presenceOwners: Map<number, string>;
  /** Presence entries the document currently holds. */
  readonly presenceCount: number;
  /** The presence the document holds, by client id (rewritten here, so `user.id` is the account's), and each id's clock. */
  readonly awareness: { getStates(): ReadonlyMap<number, unknown>; readonly meta: ReadonlyMap<number, { clock: number }> };
}

/**
 * Presence client ids one connection may speak for: its own, plus one left over
 * from before a reload. 15 000 fake carets from one observer once froze the
 * author's editor and grew the server by 730 MiB.
 */
export const MAX_PRESENCE_IDS_PER_CONNECTION = 2;
/** Presence entries one document holds at most; newcomers beyond it are not shown. */
export const MAX_PRESENCE_PER_DOCUMENT = 256;
/**
 * Presence entries one account holds in one document, whatever its number of
 * sockets: a person with a tab or two on a few devices. Without it, four accounts
 * at 32 sockets (MAX_CONNECTIONS_PER_USER) each filled the document's 256 and
 * nobody arriving after them was shown.
 */
export const MAX_PRESENCE_PER_ACCOUNT = 8;
/** Remembered owners of presence client ids per document (oldest forgotten first). */
const MAX_REMEMBERED_OWNERS = 10_000;

/** Largest awareness state (JSON) accepted per client id, in bytes. */
export const MAX_STATE_JSON = 4 * 1024;

/** Presence entries accepted in one message (a room of a few hundred people, echoed). */
const MAX_ENTRIES = 4096;

const utf8 = new TextDecoder();

/**
 * Returns the awareness update to apply (identity rewritten), or null when
 * nothing in it may be applied. Throws on malformed input.
 */
export function enforcePresenceIdentity(
  update: Uint8Array,
  principal: Principal,
  owner: PresenceOwner,
  room: PresenceRoom,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // A client joining a busy room echoes every state it has heard in one message;
  // entries it does not own are skipped below, so only absurd counts are refused.
  if (count > MAX_ENTRIES) throw new Error('too many presence entries');
  const entries: { clientId: number; clock: number; json: string }[] = [];
  // Entries this message adds to the document: the counts only grow once it is applied.
  const added = new Set<number>();
  let accountHolds: number | undefined;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // The state's bytes, not yet decoded: most entries are echoes, skipped without it.
    const bytes = decoding.readVarUint8Array(decoder);
    // Counted in characters, as before; never more characters than bytes.
    if (bytes.length > MAX_STATE_JSON && utf8.decode(bytes).length > MAX_STATE_JSON) throw new Error('presence state too large');
    if (ownedByAnother(room, owner, clientId)) continue;
    const remembered = room.presenceOwners.get(clientId);
    if (remembered !== undefined && remembered !== principal.userId) continue;
    // The sender's own state as the server last sent it back (or older): applying it would change nothing.
    if (owner.awarenessClientIds.has(clientId) && isIgnoredByAwareness(room, clientId, clock, bytes)) continue;
    const json = utf8.decode(bytes);
    const state: unknown = JSON.parse(json);
    if (state === null) {
      if (owner.awarenessClientIds.has(clientId)) entries.push({ clientId, clock, json: 'null' });
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) continue;
    const newToConnection = !owner.awarenessClientIds.has(clientId);
    if (newToConnection && owner.awarenessClientIds.size >= MAX_PRESENCE_IDS_PER_CONNECTION) continue;
    // The document-wide caps apply to every entry the document does not hold now, also one
    // this connection announced before and removed (or let lapse): re-announcing is arriving.
    if (!added.has(clientId) && !room.awareness.getStates().has(clientId)) {
      accountHolds ??= entriesOf(room, principal.userId);
      if (room.presenceCount + added.size >= MAX_PRESENCE_PER_DOCUMENT || accountHolds + added.size >= MAX_PRESENCE_PER_ACCOUNT) continue;
      added.add(clientId);
    }
    if (newToConnection) {
      owner.awarenessClientIds.add(clientId);
      room.presenceHolders.set(clientId, owner);
      rememberOwner(room.presenceOwners, clientId, principal.userId);
    }
    // A cursor other editors cannot read would throw in every one of them.
    if ('cursor' in state && !isValidCursor((state as { cursor?: unknown }).cursor)) (state as Record<string, unknown>).cursor = null;
    const user = (state as { user?: unknown }).user;
    const claimed = typeof user === 'object' && user !== null && !Array.isArray(user) ? (user as Record<string, unknown>) : {};
    const rewritten = {
      ...(state as Record<string, unknown>),
      user: { ...claimed, id: principal.userId, name: principal.name, color: principal.color, role: principal.role },
    };
    entries.push({ clientId, clock, json: JSON.stringify(rewritten) });
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

/** Presence entries the document holds for this account, over all its sockets (and, with Redis, all processes). */
function entriesOf(room: PresenceRoom, userId: string): number {
  let count = 0;
  for (const state of room.awareness.getStates().values()) if ((state as { user?: { id?: unknown } }).user?.id === userId) count++;
  return count;
}

function ownedByAnother(room: PresenceRoom, owner: PresenceOwner, clientId: number): boolean {
  const holder = room.presenceHolders.get(clientId);
  return holder !== undefined && holder !== owner;
}

/**
 * True when `applyAwarenessUpdate` (y-protocols) would ignore the entry: its clock is
 * behind the document's for that id, or equal and it is not a removal of a state the
 * document holds. Every stock client echoes each presence message, its own state
 * included; those echoes are dropped here without parsing their JSON.
 */
function isIgnoredByAwareness(room: PresenceRoom, clientId: number, clock: number, bytes: Uint8Array): boolean {
  const held = room.awareness.meta.get(clientId);
  if (held === undefined || clock > held.clock) return false;
  if (clock < held.clock) return true;
  return !(room.awareness.getStates().has(clientId) && isNullJson(bytes));
}

/** The JSON text `null` (what a client sends to remove its presence), whitespace allowed. */
function isNullJson(bytes: Uint8Array): boolean {
  return bytes.length < 32 && utf8.decode(bytes).trim() === 'null';
}

function rememberOwner(owners: Map<number, string>, clientId: number, userId: string): void {
  owners.set(clientId, userId);
  if (owners.size > MAX_REMEMBERED_OWNERS) owners.delete(owners.keys().next().value!);
}

/** A Yjs relative position as JSON (what y-tiptap's caret sends for anchor and head). */
function isRelativePosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, tname, item, assoc } = value as Record<string, unknown>;
  const isId = (id: unknown) =>
    id === null ||
    id === undefined ||
    (typeof id === 'object' &&
      id !== null &&
      Number.isSafeInteger((id as { client?: unknown }).client) &&
      Number.isSafeInteger((id as { clock?: unknown }).clock));
  return (
    isId(type) &&
    isId(item) &&
    (tname === null || tname === undefined || typeof tname === 'string') &&
    (assoc === undefined || Number.isSafeInteger(assoc))
  );
}

/** null (no cursor) or { anchor, head } relative positions. */
export function isValidCursor(cursor: unknown): boolean {
  if (cursor === null || cursor === undefined) return true;
  if (typeof cursor !== 'object' || Array.isArray(cursor)) return false;
  const { anchor, head } = cursor as Record<string, unknown>;
  return isRelativePosition(anchor) && isRelativePosition(head);
}
