/**
 * Attributes read from the shared document are untrusted: any writer can set
 * any JSON under any name on an element (an ordered list's `start` set to a
 * string made the DOCX export and the manifest answer 500). This is the one
 * place that brings them back to what the schema expects: numbers stay finite
 * whole numbers, text attributes stay text or null, flags stay true or false
 * (only a literal `true` is true); anything else becomes the schema's default. A heading's level stays within 1–6.
 */
import type { Mark, MarkType, Node as PMNode, NodeType, Schema } from '@tiptap/pm/model';

type Attrs = Record<string, unknown>;

function coerce(name: string, value: unknown, fallback: unknown): unknown {
  // Flags (a paragraph's `recommendation`): only the literal `true` counts.
  if (typeof fallback === 'boolean') return value === true;
  if (typeof fallback === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) return fallback;
    const whole = Math.trunc(n);
    if (name === 'level') return Math.min(6, Math.max(1, whole));
    return Math.min(1_000_000, Math.max(-1_000_000, whole));
  }
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback ?? null;
}

/** The attributes to use instead, or null when they are already as the schema expects. */
export function coercedAttrs(type: NodeType | MarkType, attrs: Attrs): Attrs | null {
  let changed: Attrs | null = null;
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    const fallback = (spec as { default?: unknown }).default ?? null;
    const value = attrs[name];
    const fixed = coerce(name, value, fallback);
    if (fixed !== value) (changed ??= { ...attrs })[name] = fixed;
  }
  return changed;
}

function markNeedsFix(mark: Mark): boolean {
  return coercedAttrs(mark.type, mark.attrs) !== null;
}

/** `root` itself when every attribute is fine (the usual case, checked without copying); otherwise a fixed copy. */
export function withTrustedAttrs(root: PMNode, schema: Schema): PMNode {
  if (!descendantsNeedFix(root)) return root;
  return schema.nodeFromJSON(fixJSON(root.toJSON() as JsonNode, schema));
}

/** As `withTrustedAttrs`, for one node of the document (its own attributes included). */
export function trustedNode(node: PMNode, schema: Schema): PMNode {
  if (coercedAttrs(node.type, node.attrs) === null && !node.marks.some(markNeedsFix) && !descendantsNeedFix(node)) return node;
  return schema.nodeFromJSON(fixJSON(node.toJSON() as JsonNode, schema));
}

function descendantsNeedFix(root: PMNode): boolean {
  let broken = false;
  root.descendants((node) => {
    if (broken) return false;
    if (coercedAttrs(node.type, node.attrs) !== null || node.marks.some(markNeedsFix)) broken = true;
    return !broken;
  });
  return broken;
}

interface JsonNode {
  type: string;
  attrs?: Attrs;
  marks?: { type: string; attrs?: Attrs }[];
  content?: JsonNode[];
}

/** Iterative: the document's depth is bounded by the sync layer, but this must not depend on it. */
function fixJSON(json: JsonNode, schema: Schema): JsonNode {
  const stack: JsonNode[] = [json];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = schema.nodes[node.type];
    if (type && node.attrs) node.attrs = coercedAttrs(type, node.attrs) ?? node.attrs;
    for (const mark of node.marks ?? []) {
      const markType = schema.marks[mark.type];
      if (markType && mark.attrs) mark.attrs = coercedAttrs(markType, mark.attrs) ?? mark.attrs;
    }
    for (const child of node.content ?? []) stack.push(child);
  }
  return json;
}
