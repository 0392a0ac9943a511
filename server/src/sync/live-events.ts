/**
 * The sync layer's subscription to the event bus, and the only way anything
 * outside sync/ reaches a room's connections: events that have a live form
 * (`liveEventOf`) are sent to the document's or the person's sockets, access
 * changes close the sockets opened with the old role, deleted documents are
 * dropped from memory with their sockets closed.
 */
import { CloseCode, liveEventOf, type ConcordEvent, type ConcordEventType } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import type { RoomManager } from './room-manager.js';

/** Event types with a live form; liveEventOf decides what each becomes. */
const LIVE_TYPES: readonly ConcordEventType[] = [
  'vote.changed',
  'rule.changed',
  'member.changed',
  'invitation.changed',
  'thread.changed',
  'doc.renamed',
  'proposal.changed',
  'round.opened',
  'round.closed',
  'version.created',
  'notification.added',
  'notifications.read',
  'notification.withdrawn',
  'email.changed',
];

export function connectLiveEvents(bus: EventBus, rooms: RoomManager): void {
  const deliver = (event: ConcordEvent) => {
    const live = liveEventOf(event);
    if (!live) return;
    if (live.docId !== undefined) {
      rooms.get(live.docId)?.broadcastEvent(live.event);
      return;
    }
    for (const room of rooms.openRooms()) room.sendToUser(live.userId, live.event);
  };
  for (const type of LIVE_TYPES) bus.subscribe(type, deliver);
  // After the members.changed event above, so the others hear it before this person is cut off.
  bus.subscribe('member.changed', (e) => rooms.get(e.docId)?.accessChanged(e.userId, e.role));
  bus.subscribe('doc.deleted', (e) => rooms.closeDocument(e.docId, CloseCode.documentDeleted));
}
