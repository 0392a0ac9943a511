/**
 * The signed-in user's notifications for the bell. Live from `notification` and
 * `notifications.read` events while a document socket is open (any document:
 * the server sends them to every socket of the recipient); otherwise polled
 * every 30 s, and always on window focus and after a reconnection, so nothing
 * missed while offline stays missed. Read state lives on the server, so marking
 * read here clears the badge on the user's other devices too.
 */
import { notificationsApi, type AppNotification } from '../api/notifications';
import type { DocSession } from '../sync/doc-session';

interface NotificationSnapshot {
  /** Newest first; null until first loaded. */
  items: AppNotification[] | null;
  unread: number;
  error: string | null;
}

const POLL_MS = 30_000;
const LISTED = 30;

class NotificationHub {
  private snapshot: NotificationSnapshot = { items: null, unread: 0, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly sessions = new Set<DocSession>();
  private userId: string | null = null;
  private users = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NotificationSnapshot => this.snapshot;

  /** The bell is shown for `userId`; returns the matching stop. */
  start(userId: string): () => void {
    if (this.userId !== userId) {
      this.userId = userId;
      this.update({ items: null, unread: 0, error: null });
    }
    if (this.users++ === 0) {
      this.timer = setInterval(() => !this.live() && void this.pollUnread(), POLL_MS);
      window.addEventListener('focus', this.onFocus);
      void this.refresh();
    }
    return () => {
      if (--this.users > 0) return;
      clearInterval(this.timer);
      window.removeEventListener('focus', this.onFocus);
    };
  }

  /** Listens to an open document's socket; returns the detach. */
  attach(session: DocSession): () => void {
    this.sessions.add(session);
    const offEvent = session.onEvent((event) => {
      if (event.type === 'notification' && isNotification(event.notification)) this.received(event.notification, Number(event.unread));
      else if (event.type === 'notifications.read') this.readElsewhere(Number(event.unread));
      else if (event.type === 'notification.withdrawn' && typeof event.id === 'string') this.withdrawn(event.id, Number(event.unread));
    });
    let connected = session.getSnapshot().phase === 'connected';
    const offPhase = session.subscribe(() => {
      const now = session.getSnapshot().phase === 'connected';
      if (now && !connected && this.users > 0) void this.pollUnread(); // catch up on what came while away
      connected = now;
    });
    return () => {
      this.sessions.delete(session);
      offEvent();
      offPhase();
    };
  }

  /** The latest notifications, read or not (when the list is opened). */
  async refresh(): Promise<void> {
    try {
      const { notifications, unread } = await notificationsApi.list({ limit: LISTED });
      this.update({ items: notifications, unread, error: null });
    } catch (err) {
      this.update({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  async markRead(id: string): Promise<void> {
    const item = this.snapshot.items?.find((n) => n.id === id);
    if (item && !item.read)
      this.update({ items: this.mapItems((n) => (n.id === id ? { ...n, read: true } : n)), unread: Math.max(0, this.snapshot.unread - 1) });
    try {
      const { unread } = await notificationsApi.markRead([id]);
      this.update({ unread });
    } catch {
      // The next poll brings the truth back.
    }
  }

  async markAllRead(): Promise<void> {
    this.update({ items: this.mapItems((n) => ({ ...n, read: true })), unread: 0 });
    try {
      const { unread } = await notificationsApi.markAllRead();
      this.update({ unread });
    } catch {
      void this.pollUnread();
    }
  }

  private onFocus = (): void => void this.pollUnread();

  private live(): boolean {
    for (const s of this.sessions) if (s.getSnapshot().phase === 'connected') return true;
    return false;
  }

  /** Unread ones only: adds new ones to the list, marks those read elsewhere as read. */
  private async pollUnread(): Promise<void> {
    try {
      const { notifications, unread } = await notificationsApi.list({ unreadOnly: true, limit: LISTED });
      const unreadIds = new Set(notifications.map((n) => n.id));
      const known = new Set((this.snapshot.items ?? []).map((n) => n.id));
      const fresh = notifications.filter((n) => !known.has(n.id));
      const items = [...fresh, ...this.mapItems((n) => (n.read || unreadIds.has(n.id) ? n : { ...n, read: true }))];
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.update({ items: items.slice(0, Math.max(LISTED, fresh.length)), unread, error: null });
    } catch {
      // Offline: keep what we have; the next poll or focus tries again.
    }
  }

  private received(notification: AppNotification, unread: number): void {
    const items = this.snapshot.items ?? [];
    if (items.some((n) => n.id === notification.id)) return;
    this.update({ items: [notification, ...items].slice(0, LISTED), unread: Number.isFinite(unread) ? unread : this.snapshot.unread + 1 });
  }

  /** The server took it back (the deleted paragraph is back): it no longer holds. */
  private withdrawn(id: string, unread: number): void {
    this.update({
      items: this.snapshot.items?.filter((n) => n.id !== id) ?? null,
      unread: Number.isFinite(unread) ? unread : this.snapshot.unread,
    });
  }

  private readElsewhere(unread: number): void {
    if (!Number.isFinite(unread)) return;
    if (unread === 0) this.update({ items: this.mapItems((n) => (n.read ? n : { ...n, read: true })), unread: 0 });
    else if (unread !== this.snapshot.unread) void this.pollUnread();
  }

  private mapItems(fn: (n: AppNotification) => AppNotification): AppNotification[] {
    return (this.snapshot.items ?? []).map(fn);
  }

  private update(patch: Partial<NotificationSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function isNotification(value: unknown): value is AppNotification {
  const n = value as AppNotification | null;
  return typeof n === 'object' && n !== null && typeof n.id === 'string' && typeof n.docId === 'string' && typeof n.text === 'string';
}

export const notificationHub = new NotificationHub();
