/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Threads"). Every text field
 * here is plain text written by people: render it as text, never as HTML.
 */
import { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH, MAX_THREADS_LISTED } from '@concord/shared';
import { answer, api, enc, type AnswerOf } from './http';

export type { Person } from '@concord/shared';
/** Longest comment and quote the server accepts (the same constants it checks with). */
export { MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH };

const doc = api.docs[':id'];
const thread = doc.threads[':threadId'];
const comment = doc.comments[':commentId'];

/** A thread as the server sends it. */
export type Thread = AnswerOf<typeof thread.$get>['thread'];
/** A comment as the server sends it. */
export type ThreadComment = Thread['comments'][number];

const docParam = (docId: string) => ({ param: { id: enc(docId) } });
const threadParam = (docId: string, threadId: string) => ({ param: { id: enc(docId), threadId: enc(threadId) } });
const commentParam = (docId: string, commentId: string) => ({ param: { id: enc(docId), commentId: enc(commentId) } });

export const commentsApi = {
  /** One page of the document's threads, in document order, detached ones last; `nextCursor` asks for the next. */
  page: async (docId: string, cursor: string | null) =>
    answer(
      doc.threads.$get({
        ...docParam(docId),
        query: { status: 'all', limit: String(MAX_THREADS_LISTED), ...(cursor === null ? {} : { cursor }) },
      }),
    ),
  get: async (docId: string, threadId: string) => (await answer(thread.$get(threadParam(docId, threadId)))).thread,
  start: async (docId: string, blockId: string, text: string, quote: string | null) =>
    (await answer(doc.threads.$post({ ...docParam(docId), json: { blockId, text, ...(quote ? { quote } : {}) } }))).thread,
  reply: async (docId: string, threadId: string, text: string) =>
    (await answer(thread.replies.$post({ ...threadParam(docId, threadId), json: { text } }))).thread,
  edit: async (docId: string, commentId: string, text: string) =>
    (await answer(comment.$patch({ ...commentParam(docId, commentId), json: { text } }))).thread,
  remove: async (docId: string, commentId: string) => (await answer(comment.$delete(commentParam(docId, commentId)))).thread,
  resolve: async (docId: string, threadId: string) => (await answer(thread.resolve.$post(threadParam(docId, threadId)))).thread,
  reopen: async (docId: string, threadId: string) => (await answer(thread.reopen.$post(threadParam(docId, threadId)))).thread,
};
