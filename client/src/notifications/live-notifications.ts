/**
 * Lets the notification bell hear `notification` events on an open document's
 * socket for as long as its editor exists (see editor/features.ts).
 */
import { Extension } from '@tiptap/core';
import type { DocSession } from '../sync/doc-session';
import { notificationHub } from './notification-hub';

export function liveNotifications(session: DocSession): Extension {
  let detach: (() => void) | null = null;
  return Extension.create({
    name: 'concordLiveNotifications',
    onCreate() {
      detach?.();
      detach = notificationHub.attach(session);
    },
    onDestroy() {
      detach?.();
      detach = null;
    },
  });
}
