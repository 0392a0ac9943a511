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
  readonly connections: ReadonlySet<PresenceOwner>;
}

/** Largest awareness state (JSON) accepted per client id, in bytes. */
const MAX_STATE_JSON = 16 * 1024;

/** Presence entries accepted in one message (a room of a few hundred people, echoed). */
const MAX_ENTRIES = 4096;

/**
 * Returns the awareness update to apply (identity rewritten), or null when
 * nothing in it may be applied. Throws on malformed input.
 */
export function enforcePresenceIdentity(update: Uint8Array, principal: Principal, owner: PresenceOwner, room: PresenceRoom): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // A client joining a busy room echoes every state it has heard in one message;
  // entries it does not own are skipped below, so only absurd counts are refused.
  if (count > MAX_ENTRIES) throw new Error('too many presence entries');
  const entries: { clientId: number; clock: number; json: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_STATE_JSON) throw new Error('presence state too large');
    if (ownedByAnother(room, owner, clientId)) continue;
    const state: unknown = JSON.parse(json);
    if (state === null) {
      if (owner.awarenessClientIds.has(clientId)) entries.push({ clientId, clock, json: 'null' });
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) continue;
    owner.awarenessClientIds.add(clientId);
    const user = (state as { user?: unknown }).user;
    const claimed = typeof user === 'object' && user !== null && !Array.isArray(user) ? (user as Record<string, unknown>) : {};
    const rewritten = { ...(state as Record<string, unknown>), user: { ...claimed, id: principal.userId, name: principal.name, color: principal.color, role: principal.role } };
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

function ownedByAnother(room: PresenceRoom, owner: PresenceOwner, clientId: number): boolean {
  for (const other of room.connections) if (other !== owner && other.awarenessClientIds.has(clientId)) return true;
  return false;
}
