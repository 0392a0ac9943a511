export * from './errors.js';
export { requireUser as requireUserOr401, requireMember, requireCapability, can } from './access.js';
