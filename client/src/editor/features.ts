/**
 * The seam for later features that decorate the editor without changing the
 * schema — the consensus gutter (agree / dispute marks beside each block, keyed
 * by the block's `id`), comment highlights, stale-text markers. Return their
 * TipTap extensions here; they are added after Collaboration and carets.
 * Schema changes belong in shared/src/schema, never here.
 *
 * Called once per open document (the editor is built once per session).
 */
import type { Extensions } from '@tiptap/core';
import type { DocSession } from '../sync/doc-session';
import { commentExtensions } from '../comments/comment-extensions';
import { liveNotifications } from '../notifications/live-notifications';
import { consensusGutter } from './gutter/consensus-gutter';
import { proposalExtension } from '../proposals/suggest-extension';
import { proposalStoreFor } from '../proposals/proposal-store';
import { consensusStoreFor } from '../consensus/store-registry';
import { reportViews } from './report/report-views';

export interface FeatureContext {
  docId: string;
  session: DocSession;
}

export function featureExtensions(context: FeatureContext): Extensions {
  return [
    consensusGutter(context.session),
    ...commentExtensions(context.session),
    liveNotifications(context.session),
    proposalExtension(proposalStoreFor(context.session), consensusStoreFor(context.session)),
    reportViews(context.docId),
  ];
}
