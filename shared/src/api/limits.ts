/**
 * Limits of the HTTP API that both sides need: the server enforces them (in the
 * request schemas and the services), the browser uses them to stop input early.
 */

/** Longest document title. */
export const MAX_TITLE_LENGTH = 200;
/** Longest reason given with a vote. */
export const MAX_REASON_LENGTH = 2000;
/** Most blocks one sign-off may carry (a 150-page report has ~1,650 blocks in all). */
export const MAX_BATCH_VOTES = 5000;
/** Longest comment. */
export const MAX_COMMENT_LENGTH = 5000;
/** Most comments (thread openings and replies, deleted ones too) one document holds. */
export const MAX_COMMENTS_PER_DOCUMENT = 5000;
/** Most threads one page of the thread list returns, and how many when the request does not say. */
export const MAX_THREADS_LISTED = 200;
export const DEFAULT_THREADS_LISTED = 50;
/** Longest quote a thread starts from. */
export const MAX_QUOTE_LENGTH = 1000;
/** Longest message sent with a re-review request. */
export const MAX_REVIEW_MESSAGE_LENGTH = 1000;
/** Most notifications one list request returns, and how many when it does not say. */
export const MAX_NOTIFICATIONS_LISTED = 200;
export const DEFAULT_NOTIFICATIONS_LISTED = 50;
/** Most audit entries one request returns. */
export const MAX_AUDIT_LISTED = 10_000;
/** Longest id (block, section, user, thread…) the API accepts in a body. */
export const MAX_ID_LENGTH = 200;
/** Longest message sent with a review round. */
export const MAX_ROUND_MESSAGE_LENGTH = 2000;
/** Most sections (heading ids) one review round may name. */
export const MAX_ROUND_SECTIONS = 500;
/** Review rounds one document may have open at once. */
export const MAX_OPEN_ROUNDS = 10;
/** Furthest ahead a round's deadline may be (days). */
export const MAX_ROUND_DAYS = 366;
/** Reminder before a round's deadline: default and most hours (0 = no reminder). */
export const DEFAULT_ROUND_REMINDER_HOURS = 24;
export const MAX_ROUND_REMINDER_HOURS = 720;
/** Longest name of a named version. */
export const MAX_VERSION_NAME_LENGTH = 200;
