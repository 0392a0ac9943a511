/**
 * Path parameters: every `:id`, `:blockId`, `:userId`, `:threadId`,
 * `:commentId`, `:pid`, `:rid` and `:hash` of a route is validated with this one schema
 * before the route runs (400 naming the parameter, the same error shape as a
 * bad body). What an id must be beyond its length is the service's business
 * (an unknown one is 404 there).
 */
import { z } from 'zod';
import { MAX_ID_LENGTH } from './limits.js';

export const pathId = z
  .string()
  .min(1, 'is required')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .describe(`an id, 1 to ${MAX_ID_LENGTH} characters`);
