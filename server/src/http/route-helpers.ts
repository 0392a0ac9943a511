export * from './errors.js';
export { requireUser as requireUserOr401, requireMember, requireCapability, signedIn, memberOf } from './access.js';
export { jsonBody, paramsOf, queryOf } from './validate.js';
