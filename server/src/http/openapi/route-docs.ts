/**
 * Every HTTP route, described for the OpenAPI document (/api/openapi.json).
 * Request bodies are the very zod schemas the routes validate with (imported
 * from the route modules); query parameters, which the routes read one by one,
 * are described with zod here. server/test/http/openapi.test.ts fails when a
 * route of the app, or of docs/PROTOCOL.md, is missing from this list.
 */
import { z } from 'zod';
import { loginBody, passwordBody } from '../auth-routes.js';
import { createBody, textBody } from '../comment-routes.js';
import { batchBody, voteBody } from '../consensus-routes.js';
import { titleBody } from '../doc-routes.js';
import { addBody, changeBody } from '../member-routes.js';
import { readBody } from '../notification-routes.js';
import { adoptBody, proposalBody, voteBody as proposalVoteBody } from '../proposal-routes.js';
import type { RouteDoc } from './route-doc.js';

const flag = z.enum(['0', '1', 'true', 'false']);
const exportQuery = z.object({
  scope: z.enum(['consensus', 'draft']).default('consensus').describe('consensus: agreed blocks only; draft: everything'),
  record: flag.default('0').describe('1: append the record of who agreed to what'),
  keepRecommendationNumbers: flag
    .default('0')
    .describe('1: a consensus export keeps the draft numbers of recommendations instead of renumbering them'),
  images: z
    .enum(['references', 'zip'])
    .default('references')
    .describe('Markdown: references (one .md pointing at images/<sha256>.<ext>) or zip (the .md and its images in one .zip)'),
});
const ruleBody = z.union([
  z.object({ kind: z.literal('unanimous') }),
  z.object({ kind: z.literal('quorum'), minAgree: z.number().int().min(1), maxDispute: z.number().int().min(0) }),
]);
const reviewRequestBody = z.object({ message: z.string().max(1000).optional() });

const ok = { 200: 'Done: `{"ok":true}`' } as const;

export const routeDocs: RouteDoc[] = [
  // --- service ------------------------------------------------------------------
  {
    method: 'get',
    path: '/healthz',
    tag: 'service',
    summary: 'Liveness: 200 `{"ok":true}` once the server listens',
    auth: 'none',
    responses: ok,
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'service',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    responses: { 200: 'The document' },
  },
  {
    method: 'get',
    path: '/api/reference',
    tag: 'service',
    summary: 'Human-readable API reference (Swagger UI, served by this server)',
    auth: 'none',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/api/reference/:file',
    tag: 'service',
    summary: "The reference page's own scripts and styles",
    auth: 'none',
    responses: { 200: 'The file', 404: 'No such file' },
  },
  {
    method: 'get',
    path: '/sync/:docId',
    tag: 'sync',
    summary: 'WebSocket upgrade for live editing (y-protocols sync and awareness, Concord messages); see docs/PROTOCOL.md',
    responses: { 101: 'Switching protocols', 401: 'Not signed in', 403: 'Origin not allowed' },
  },

  // --- accounts -----------------------------------------------------------------
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'accounts',
    summary: 'Sign in; sets the session cookie',
    auth: 'none',
    body: loginBody,
    responses: { 200: 'Signed in: `{"user"}`', 400: 'Missing email or password', 401: 'Wrong email or password', 429: 'Too many attempts' },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'accounts',
    summary: 'Sign out; ends the session and its sockets',
    auth: 'none',
    responses: ok,
  },
  {
    method: 'get',
    path: '/api/me',
    tag: 'accounts',
    summary: 'Who I am: `{"user":{id,email,name,color}}`',
    responses: { 200: 'The signed-in user' },
  },
  {
    method: 'post',
    path: '/api/me/password',
    tag: 'accounts',
    summary: 'Change my password; other sessions end',
    body: passwordBody,
    responses: { ...ok, 400: 'Current password wrong or new one too weak' },
  },

  // --- documents ----------------------------------------------------------------
  {
    method: 'get',
    path: '/api/docs',
    tag: 'documents',
    summary: 'My documents: `{"docs":[{id,title,updated,created,role,needsMyReview}]}`',
    responses: { 200: 'The list' },
  },
  {
    method: 'post',
    path: '/api/docs',
    tag: 'documents',
    summary: 'Create a document; I become its author',
    body: titleBody,
    responses: { 201: 'Created: `{"id","title"}`', 400: 'Bad title', 403: 'Over MAX_DOCS_PER_USER' },
  },
  {
    method: 'get',
    path: '/api/docs/:id',
    tag: 'documents',
    summary: 'Title, my role and capabilities',
    responses: { 200: 'The document', 404: 'No such document, or not a member' },
  },
  {
    method: 'patch',
    path: '/api/docs/:id',
    tag: 'documents',
    summary: 'Rename (author)',
    body: titleBody,
    responses: { 200: 'Renamed', 400: 'Bad title', 403: 'Not the author' },
  },
  {
    method: 'delete',
    path: '/api/docs/:id',
    tag: 'documents',
    summary: 'Delete (author); closes its sockets',
    responses: { ...ok, 403: 'Not the author' },
  },

  // --- members ------------------------------------------------------------------
  { method: 'get', path: '/api/docs/:id/members', tag: 'members', summary: 'Members and roles', responses: { 200: '`{"members":[…]}`' } },
  {
    method: 'post',
    path: '/api/docs/:id/members',
    tag: 'members',
    summary: 'Add a member by email (author)',
    body: addBody,
    responses: { 200: 'Role changed for an existing member', 201: 'Added', 400: 'Bad email or role', 404: 'No account with that email' },
  },
  {
    method: 'patch',
    path: '/api/docs/:id/members/:userId',
    tag: 'members',
    summary: "Change a member's role (author)",
    body: changeBody,
    responses: { 200: 'Changed', 400: 'Bad role', 409: 'Would leave the document without an author' },
  },
  {
    method: 'delete',
    path: '/api/docs/:id/members/:userId',
    tag: 'members',
    summary: 'Remove a member (author); closes their sockets',
    responses: { 200: 'Removed', 409: 'Would leave the document without an author' },
  },

  // --- consensus ----------------------------------------------------------------
  {
    method: 'put',
    path: '/api/docs/:id/blocks/:blockId/vote',
    tag: 'consensus',
    summary: 'Agree or dispute one block, tied to the fingerprint of the text I read (commissioner)',
    body: voteBody,
    responses: { 200: '`{"vote"}`', 400: 'Bad vote', 409: 'The text changed since I read it', 429: 'Too many votes' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/votes',
    tag: 'consensus',
    summary: 'Sign off many blocks at once, atomically (commissioner)',
    body: batchBody,
    responses: { 200: '`{"votes":[…]}`', 400: 'Bad votes', 409: 'Some texts changed: lists them; nothing recorded', 429: 'Too many votes' },
  },
  {
    method: 'delete',
    path: '/api/docs/:id/blocks/:blockId/vote',
    tag: 'consensus',
    summary: 'Withdraw my vote on a block',
    responses: { ...ok, 404: 'No vote to withdraw' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/consensus',
    tag: 'consensus',
    summary: 'Every block with its status, votes, sections, totals and coverage',
    responses: { 200: 'The consensus view' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/rule',
    tag: 'consensus',
    summary: 'The consensus rule',
    responses: { 200: '`{"rule","ruleText"}`' },
  },
  {
    method: 'put',
    path: '/api/docs/:id/rule',
    tag: 'consensus',
    summary: 'Set the consensus rule (author); audited',
    body: ruleBody,
    responses: { 200: 'The new rule', 400: 'Bad rule' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/audit',
    tag: 'consensus',
    summary: 'The append-only audit log (author, publisher)',
    query: z.object({
      after: z.coerce.number().int().min(0).default(0).describe('entries after this sequence number'),
      limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    }),
    responses: { 200: '`{"entries":[…]}`', 400: 'Bad after/limit', 403: 'Not author or publisher' },
  },

  // --- proposals ------------------------------------------------------------------
  {
    method: 'post',
    path: '/api/docs/:id/blocks/:blockId/proposals',
    tag: 'proposals',
    summary: 'Propose new wording for a block (commissioner, author)',
    body: proposalBody,
    responses: {
      201: '`{"proposal"}`',
      400: 'Bad content',
      403: 'Role may not propose',
      404: 'No such block',
      409: 'The block changed since `base`',
      429: 'Too many proposals',
    },
  },
  {
    method: 'get',
    path: '/api/docs/:id/proposals',
    tag: 'proposals',
    summary: 'Proposals, oldest first',
    query: z.object({
      status: z.enum(['open', 'adopted', 'closed']).optional(),
      block: z.string().optional().describe('only the proposals for this block id'),
    }),
    responses: { 200: '`{"proposals":[…]}`', 400: 'Bad status' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/proposals/:pid',
    tag: 'proposals',
    summary: 'One proposal',
    responses: { 200: '`{"proposal"}`', 404: 'No such proposal' },
  },
  {
    method: 'put',
    path: '/api/docs/:id/proposals/:pid',
    tag: 'proposals',
    summary: 'Revise or rebase my proposal; support starts again',
    body: proposalBody,
    responses: { 200: '`{"proposal"}`', 403: 'Not the proposer', 409: 'The block changed since `base`' },
  },
  {
    method: 'put',
    path: '/api/docs/:id/proposals/:pid/vote',
    tag: 'proposals',
    summary: 'Support or object to a proposal (commissioner)',
    body: proposalVoteBody,
    responses: { 200: '`{"proposal"}`', 400: 'An objection needs a reason', 409: 'Not open', 429: 'Too many votes' },
  },
  {
    method: 'delete',
    path: '/api/docs/:id/proposals/:pid/vote',
    tag: 'proposals',
    summary: 'Withdraw my vote on the current revision',
    responses: { 200: '`{"proposal"}`', 404: 'No vote' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/proposals/:pid/adopt',
    tag: 'proposals',
    summary: "Adopt: replace the block's text and record the supporters' votes, atomically (`force`: author only)",
    body: adoptBody,
    responses: {
      200: '`{"proposal","block"}`',
      403: 'Force by a non-author',
      404: 'Block deleted',
      409: 'Not open, outdated, or does not meet the rule',
    },
  },
  {
    method: 'post',
    path: '/api/docs/:id/proposals/:pid/withdraw',
    tag: 'proposals',
    summary: 'Withdraw my proposal',
    responses: { 200: '`{"proposal"}`', 403: 'Not the proposer', 409: 'Not open' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/proposals/:pid/reject',
    tag: 'proposals',
    summary: 'Reject a proposal (author)',
    responses: { 200: '`{"proposal"}`', 403: 'Not the author', 409: 'Not open' },
  },

  // --- comments and synthesis -----------------------------------------------------
  {
    method: 'get',
    path: '/api/docs/:id/threads',
    tag: 'comments',
    summary: 'Comment threads',
    query: z.object({ status: z.enum(['open', 'resolved', 'all']).default('all'), mine: flag.optional(), blockId: z.string().optional() }),
    responses: { 200: '`{"threads":[…]}`', 400: 'Bad status' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/threads/:threadId',
    tag: 'comments',
    summary: 'One thread',
    responses: { 200: '`{"thread"}`', 404: 'No such thread' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/threads',
    tag: 'comments',
    summary: 'Start a thread on a block',
    body: createBody,
    responses: { 201: '`{"thread"}`', 400: 'Bad text or block', 429: 'Too many comments' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/threads/:threadId/replies',
    tag: 'comments',
    summary: 'Reply to a thread',
    body: textBody,
    responses: { 201: '`{"thread"}`', 400: 'Bad text', 429: 'Too many comments' },
  },
  {
    method: 'patch',
    path: '/api/docs/:id/comments/:commentId',
    tag: 'comments',
    summary: 'Edit my comment',
    body: textBody,
    responses: { 200: '`{"thread"}`', 403: 'Not my comment' },
  },
  {
    method: 'delete',
    path: '/api/docs/:id/comments/:commentId',
    tag: 'comments',
    summary: 'Delete my comment',
    responses: { 200: '`{"thread"}`', 403: 'Not my comment' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/threads/:threadId/resolve',
    tag: 'comments',
    summary: 'Resolve a thread',
    responses: { 200: '`{"thread"}`' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/threads/:threadId/reopen',
    tag: 'comments',
    summary: 'Reopen a thread',
    responses: { 200: '`{"thread"}`' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/synthesis',
    tag: 'comments',
    summary: "The author's synthesis: disputes and open threads by block (author)",
    responses: { 200: 'The synthesis', 403: 'Not the author' },
  },
  {
    method: 'post',
    path: '/api/docs/:id/blocks/:blockId/request-review',
    tag: 'comments',
    summary: 'Ask the commissioners who disputed a block to review it again (author)',
    body: reviewRequestBody,
    responses: { 200: 'Who was notified', 403: 'Not the author' },
  },

  // --- notifications --------------------------------------------------------------
  {
    method: 'get',
    path: '/api/notifications',
    tag: 'notifications',
    summary: 'My notifications, newest first',
    query: z.object({ unread: flag.optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
    responses: { 200: '`{"notifications":[…],"unread":N}`' },
  },
  {
    method: 'post',
    path: '/api/notifications/read',
    tag: 'notifications',
    summary: 'Mark notifications read (some ids, or all)',
    body: readBody,
    responses: { 200: 'The unread count', 400: 'Bad ids' },
  },

  // --- figure images --------------------------------------------------------------
  {
    method: 'post',
    path: '/api/docs/:id/images',
    tag: 'images',
    summary: "Upload a figure's image (PNG, JPEG or WebP, checked by content; SVG refused); stored by its sha256 for this document",
    query: z.object({ filename: z.string().optional().describe('name of the file; its extension must agree with the content') }),
    rawBody: {
      contentType: 'application/octet-stream',
      description: 'The image bytes (Content-Type, if an image type, must agree with them), or multipart/form-data with a `file` field',
    },
    responses: {
      201: '`{"hash","mediaType","width","height","byteLength","url"}`',
      200: 'The document already holds these bytes (same answer)',
      400: 'Empty upload or no `file` field',
      403: 'May not edit',
      404: 'No such document, or not a member',
      413: 'Over MAX_IMAGE_BYTES, or the document would exceed MAX_DOC_IMAGE_BYTES',
      415: 'Not a PNG, JPEG or WebP image, SVG or other markup, or a claimed type that contradicts the content',
    },
  },
  {
    method: 'get',
    path: '/api/docs/:id/images/:hash',
    tag: 'images',
    summary: "One of the document's images, by sha256 (members only; inert: nosniff and a sandboxing CSP)",
    responses: {
      200: { description: 'The image', contentType: 'image/png' },
      304: 'Unchanged (If-None-Match with the ETag)',
      401: 'Not signed in',
      404: 'No such document or image, or not a member',
    },
  },

  // --- publishing -----------------------------------------------------------------
  {
    method: 'get',
    path: '/api/docs/:id/export',
    tag: 'publishing',
    summary: 'Export the consensus text (or the draft) as a file',
    query: exportQuery.extend({ format: z.enum(['md', 'html', 'docx', 'json']).default('md') }),
    responses: {
      200: { description: 'The file (Markdown, HTML, DOCX or JSON) as an attachment', contentType: 'application/octet-stream' },
      400: 'Bad format, scope, record, keepRecommendationNumbers or images',
      403: 'May not export',
      413: 'The images of the export exceed MAX_EXPORT_IMAGE_BYTES (nothing is written)',
    },
  },
  {
    method: 'get',
    path: '/api/docs/:id/export/manifest',
    tag: 'publishing',
    summary: 'The manifest of an export (hashes, counts, rule) without the file',
    query: exportQuery,
    responses: { 200: 'The manifest' },
  },
  {
    method: 'get',
    path: '/api/docs/:id/export/preview',
    tag: 'publishing',
    summary: 'What an export would contain, block by block',
    query: exportQuery,
    responses: { 200: 'The preview' },
  },
  {
    method: 'post',
    path: '/api/docs/import',
    tag: 'publishing',
    summary: 'Import a Markdown, HTML or Word draft as a new document (raw body with ?filename=, or multipart/form-data)',
    query: z.object({
      filename: z.string().describe('name of the uploaded file; its extension picks the format'),
      title: z.string().optional(),
    }),
    rawBody: { contentType: 'application/octet-stream', description: 'The file itself (or multipart/form-data with a `file` field)' },
    responses: { 201: '`{"id","title","report"}`', 400: 'Unreadable or unsupported file', 413: 'Too large', 429: 'Too many imports' },
  },
];
