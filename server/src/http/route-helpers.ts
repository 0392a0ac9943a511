export * from './errors.js';
export { requireUser as requireUserOr401, requireMember, requireCapability } from './access.js';
