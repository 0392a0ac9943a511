export * from './schema/index.js';
export * from './protocol/index.js';
export * from './ydoc/index.js';
export * from './consensus/index.js';
export * from './export/index.js';
export * from './fixtures/index.js';
