// Request bodies of the dashboard's management API: JSON up to 64 KB, checked by a strict zod
// schema, so an unknown or mistyped field is a 400 naming it rather than something quietly dropped.
import type { z } from 'zod';
import { GatewayError } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { parseJsonObject, readBody } from '../read-body.js';

/** Management bodies are small; refusing more keeps a flood from buffering megabytes. */
export const MANAGE_MAX_BODY_BYTES = 64 * 1024;

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

/** The first problem zod found, as a 400 whose message and `param` name the field. */
export function bodyProblem(error: z.ZodError): GatewayError {
  const issue = error.issues[0];
  if (!issue) return new GatewayError('invalid_request', 'Invalid request body');
  if (issue.code === 'unrecognized_keys') {
    const field = fieldPath([...issue.path, issue.keys[0] ?? '']);
    return new GatewayError('invalid_request', `Unknown field "${field}"`, { param: field });
  }
  const field = fieldPath(issue.path);
  return new GatewayError('invalid_request', field ? `${field}: ${issue.message}` : issue.message, field ? { param: field } : {});
}

/** Reads and validates a JSON body; an empty body counts as `{}`. */
export async function readJsonBody<S extends z.ZodType>(ctx: RequestContext, schema: S): Promise<z.infer<S>> {
  const { bodyTimeoutMs, maxJsonDepth } = ctx.gen.config.server;
  const raw = await readBody(ctx.req, MANAGE_MAX_BODY_BYTES, bodyTimeoutMs);
  const value = raw.length === 0 ? {} : parseJsonObject(raw, { maxDepth: maxJsonDepth });
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw bodyProblem(parsed.error);
  return parsed.data;
}
