export * from './messages.js';
export * from './close-codes.js';
export * from './errors.js';
export * from './roles.js';
export * from './events.js';
