/** The bell in the header: unread count, and the latest notifications in a dropdown. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useDismiss } from '../app/use-dismiss';
import type { AppNotification, NotificationKind } from '../api/notifications';
import { useMe } from '../app/session';
import { docPath, navigate } from '../app/router';
import { relativeTime } from '../app/format';
import { blockHash, threadHash } from '../comments/block-target';
import { notificationHub } from './notification-hub';
import '../app/styles/notifications.css';

const KIND_LABEL: Record<NotificationKind, string> = {
  mention: 'Mentioned you',
  reply: 'Replied',
  review_requested: 'Review requested',
  agreement_stale: 'Your agreement is out of date',
  block_deleted: 'A paragraph you voted on was deleted',
};

export function NotificationBell() {
  const me = useMe();
  const { items, unread, error } = useSyncExternalStore(notificationHub.subscribe, notificationHub.getSnapshot);
  const [open, setOpen] = useState(false);
  const closeBell = useCallback(() => setOpen(false), []);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => notificationHub.start(me.id), [me.id]);
  useEffect(() => {
    if (open) void notificationHub.refresh();
  }, [open]);
  useDismiss(open, ref, closeBell);

  function follow(n: AppNotification) {
    setOpen(false);
    void notificationHub.markRead(n.id);
    navigate(docPath(n.docId) + (n.threadId ? threadHash(n.threadId) : n.blockId ? blockHash(n.blockId) : ''));
  }

  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <div className="bell" ref={ref}>
      <button
        className="bell__button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={label}
        title={label}
        onClick={() => setOpen((o) => !o)}
        data-testid="notification-bell"
        data-unread={unread}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell__popup" role="dialog" aria-label="Notifications" data-testid="notifications">
          <div className="bell__head">
            <h2 className="bell__title">Notifications</h2>
            {unread > 0 && (
              <button className="button button--quiet" onClick={() => void notificationHub.markAllRead()} data-testid="mark-all-read">
                Mark all read
              </button>
            )}
          </div>
          {items === null && !error && <p className="bell__empty muted">Loading…</p>}
          {items === null && error && <p className="bell__empty form__error">{error}</p>}
          {items?.length === 0 && (
            <p className="bell__empty muted">Nothing yet. Mentions, replies to your threads and review requests appear here.</p>
          )}
          {items && items.length > 0 && (
            <ul className="bell__list">
              {items.map((n) => (
                <li key={n.id}>
                  <button
                    className={n.read ? 'note' : 'note note--unread'}
                    onClick={() => follow(n)}
                    data-testid="notification"
                    data-kind={n.kind}
                    data-read={n.read}
                  >
                    <span className="note__kind">
                      {!n.read && <span className="note__dot" aria-label="unread" />}
                      {KIND_LABEL[n.kind] ?? n.kind}
                    </span>
                    <span className="note__text">{n.text}</span>
                    <span className="note__meta">
                      {n.actor && <>{n.actor.name} · </>}
                      {n.docTitle} · {relativeTime(n.createdAt)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
