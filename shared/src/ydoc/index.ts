export * from './read.js';
export * from './write.js';
export * from './block-element.js';
export * from './live-read.js';
