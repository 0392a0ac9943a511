/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Threads"). Every text field
 * here is plain text written by people: render it as text, never as HTML.
 */
import {
  MAX_COMMENT_LENGTH,
  MAX_QUOTE_LENGTH,
  type CommentJson,
  type OneThreadJson,
  type Person,
  type ThreadJson,
  type ThreadsJson,
} from '@concord/shared';
import { request } from './http';

export type { Person };
/** A comment as the server sends it (declared once, in @concord/shared). */
export type ThreadComment = CommentJson;
/** A thread as the server sends it (declared once, in @concord/shared). */
export type Thread = ThreadJson;
/** Longest comment and quote the server accepts (the same constants it checks with). */
export { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH };

const doc = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;
const thread = (docId: string, threadId: string) => `${doc(docId)}/threads/${encodeURIComponent(threadId)}`;
const comment = (docId: string, commentId: string) => `${doc(docId)}/comments/${encodeURIComponent(commentId)}`;
type One = OneThreadJson;

export const commentsApi = {
  /** Every thread of the document, in document order, detached ones last. */
  list: async (docId: string) => (await request<ThreadsJson>('GET', `${doc(docId)}/threads?status=all`)).threads,
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
