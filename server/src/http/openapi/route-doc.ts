/** How one HTTP route is described for the OpenAPI document. */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ResponseDoc = string | { description: string; contentType?: string };

export interface RouteDoc {
  method: HttpMethod;
  /** As the app registers it (Hono style, `/api/docs/:id`). */
  path: string;
  tag: string;
  summary: string;
  /** `session` (default): needs the session cookie. */
  auth?: 'none' | 'session';
  /** The JSON body schema the route validates with. */
  body?: z.ZodType;
  /** A body that is not JSON (file uploads). */
  rawBody?: { contentType: string; description: string };
  query?: z.ZodObject;
  /** Status → what it means; JSON error bodies are implied for 4xx/5xx. */
  responses: Readonly<Record<number, ResponseDoc>>;
}
