/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Threads"). Every text field
 * here is plain text written by people: render it as text, never as HTML.
 */
import type { Person } from '@concord/shared';
import { request } from './http';

export type { Person };

export interface ThreadComment {
  id: string;
  author: Person;
  /** '' when deleted. */
  text: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Members the text mentions: they were notified (older servers send nothing). */
  mentioned?: Person[];
}

export interface Thread {
  id: string;
  blockId: string;
  /** The stretch of the block quoted when the thread was started. */
  quote: string | null;
  /** The block's whole text when the thread was started. */
  anchorText: string;
  /** The block is no longer in the document. */
  detached: boolean;
  status: 'open' | 'resolved';
  createdBy: Person;
  createdAt: string;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  /** Oldest first; the first is the thread's opening comment. */
  comments: ThreadComment[];
}

/** Longest comment the server accepts. */
export const MAX_COMMENT_LENGTH = 5000;
/** Longest quote the server accepts. */
export const MAX_QUOTE_LENGTH = 1000;

const doc = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;
const thread = (docId: string, threadId: string) => `${doc(docId)}/threads/${encodeURIComponent(threadId)}`;
const comment = (docId: string, commentId: string) => `${doc(docId)}/comments/${encodeURIComponent(commentId)}`;
type One = { thread: Thread };

export const commentsApi = {
  /** Every thread of the document, in document order, detached ones last. */
  list: async (docId: string) => (await request<{ threads: Thread[] }>('GET', `${doc(docId)}/threads?status=all`)).threads,
  get: async (docId: string, threadId: string) => (await request<One>('GET', thread(docId, threadId))).thread,
  start: async (docId: string, blockId: string, text: string, quote: string | null) =>
    (await request<One>('POST', `${doc(docId)}/threads`, { blockId, text, ...(quote ? { quote } : {}) })).thread,
  reply: async (docId: string, threadId: string, text: string) =>
    (await request<One>('POST', `${thread(docId, threadId)}/replies`, { text })).thread,
  edit: async (docId: string, commentId: string, text: string) => (await request<One>('PATCH', comment(docId, commentId), { text })).thread,
  remove: async (docId: string, commentId: string) => (await request<One>('DELETE', comment(docId, commentId))).thread,
  resolve: async (docId: string, threadId: string) => (await request<One>('POST', `${thread(docId, threadId)}/resolve`)).thread,
  reopen: async (docId: string, threadId: string) => (await request<One>('POST', `${thread(docId, threadId)}/reopen`)).thread,
};
