/** Version history (issue 18): comparing two states of a document and the votes at a past moment. */
export * from './block-diff.js';
export * from './votes-at.js';
