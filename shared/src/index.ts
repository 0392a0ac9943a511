/**
 * The production entry of @concord/shared. Test and benchmark fixtures (the
 * report generator, sample documents, the Word fixture) are not exported here:
 * import them from '@concord/shared/fixtures/index'. The package declares
 * `sideEffects: false`, so the browser bundle keeps only what the client uses
 * (the export renderers and their `docx` dependency stay out of it).
 */
export * from './schema/index.js';
export * from './protocol/index.js';
export * from './ydoc/index.js';
export * from './consensus/index.js';
export * from './versions/index.js';
export * from './export/index.js';
export * from './images/sniff.js';
export * from './api/index.js';
export * from './time/daily-moment.js';
