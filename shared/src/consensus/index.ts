/**
 * The consensus model: blocks, fingerprints, rules, statuses, roll-ups — pure
 * functions of data, no I/O, identical in the browser and on the server.
 * The rules are specified in docs/CONSENSUS.md (C1…); tests quote their ids.
 */
export * from './node-reader.js';
export * from './fingerprint.js';
export * from './blocks.js';
export * from './rules.js';
export * from './status.js';
export * from './rollup.js';
export * from './view.js';
export * from './incremental.js';
export * from './word-diff.js';
export * from './vote-target.js';
export * from './proposals.js';
export * from './proposal-content.js';
export * from './round-scope.js';
