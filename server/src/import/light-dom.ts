/**
 * A read-only view of an htmlparser2 tree with exactly the DOM members that
 * ProseMirror's DOMParser and the shared schema's parse rules read, so that the
 * import runs ProseMirror's own parsing (content fitting, whitespace, marks)
 * with the schema's own rules, without a simulated browser. happy-dom, which
 * the import used before (through TipTap's generateJSON), spent most of an
 * import building its DOM and matching every element against every rule with
 * its CSS selector engine (BENCHMARKS.md, "Import profile").
 *
 * What is deliberately missing:
 * - `style` is always empty: the sanitiser removes every style attribute, so
 *   no style rule of the schema can apply to imported HTML;
 * - selectors are the forms the schema's rules use: `tag`, `tag[attribute]`
 *   and `parent > tag`. Anything else throws, so a new rule that needs more
 *   fails the import tests instead of silently not matching.
 */
import { parseDocument } from 'htmlparser2';
import { Element as HpElement, Text as HpText, type AnyNode } from 'domhandler';

const EMPTY_STYLE = Object.freeze({ length: 0, textAlign: '', fontWeight: '', fontStyle: '', whiteSpace: '', getPropertyValue: () => '' });

export abstract class LightNode {
  abstract readonly nodeType: number;
  abstract readonly nodeName: string;
  parentNode: LightElement | null = null;
  previousSibling: LightNode | null = null;
  nextSibling: LightNode | null = null;
  firstChild: LightNode | null = null;
  lastChild: LightNode | null = null;

  get parentElement(): LightElement | null {
    return this.parentNode;
  }

  get ownerDocument(): typeof LIGHT_DOCUMENT {
    return LIGHT_DOCUMENT;
  }

  abstract get textContent(): string;

  contains(other: LightNode | null): boolean {
    for (let at = other; at; at = at.parentNode) if (at === this) return true;
    return false;
  }
}

export class LightText extends LightNode {
  readonly nodeType = 3;
  readonly nodeName = '#text';
  constructor(public nodeValue: string) {
    super();
  }
  get textContent(): string {
    return this.nodeValue;
  }
}

/** Comments and the like: kept only so that sibling order is the parser's (ProseMirror looks at `previousSibling`). */
export class LightOther extends LightNode {
  readonly nodeType = 8;
  readonly nodeName = '#comment';
  readonly nodeValue = '';
  get textContent(): string {
    return '';
  }
}

export class LightElement extends LightNode {
  readonly nodeType = 1;
  readonly nodeName: string;
  readonly style = EMPTY_STYLE;
  constructor(
    /** Lower case, as htmlparser2 gives it. */
    readonly localName: string,
    private readonly attributes: Readonly<Record<string, string>> = {},
  ) {
    super();
    this.nodeName = localName.toUpperCase();
  }

  get tagName(): string {
    return this.nodeName;
  }

  get childNodes(): LightNode[] {
    const out: LightNode[] = [];
    for (let c = this.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  get children(): LightElement[] {
    const out: LightElement[] = [];
    for (let c = this.firstChild; c; c = c.nextSibling) if (c instanceof LightElement) out.push(c);
    return out;
  }

  get textContent(): string {
    let text = '';
    for (let c = this.firstChild; c; c = c.nextSibling) text += c.textContent;
    return text;
  }

  getAttribute(name: string): string | null {
    return Object.hasOwn(this.attributes, name) ? this.attributes[name]! : null;
  }

  hasAttribute(name: string): boolean {
    return Object.hasOwn(this.attributes, name);
  }

  /** Moves `child` (from wherever it is) to the end of this element, as the DOM does. */
  appendChild<T extends LightNode>(child: T): T {
    detach(child);
    child.parentNode = this;
    child.previousSibling = this.lastChild;
    if (this.lastChild) this.lastChild.nextSibling = child;
    else this.firstChild = child;
    this.lastChild = child;
    return child;
  }

  /** Inserts `child` (moved from wherever it is) just before `before`, a child of this element. */
  insertBefore<T extends LightNode>(child: T, before: LightNode): T {
    detach(child);
    child.parentNode = this;
    child.nextSibling = before;
    child.previousSibling = before.previousSibling;
    if (before.previousSibling) before.previousSibling.nextSibling = child;
    else this.firstChild = child;
    before.previousSibling = child;
    return child;
  }

  querySelector(selector: string): LightElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  /** Descendants in document order matching `tag` or `parent > tag`. */
  querySelectorAll(selector: string): LightElement[] {
    const match = compileSelector(selector);
    const out: LightElement[] = [];
    const visit = (el: LightElement) => {
      for (const child of el.children) {
        if (match(child)) out.push(child);
        visit(child);
      }
    };
    visit(this);
    return out;
  }

  closest(selector: string): LightElement | null {
    const match = compileSelector(selector);
    if (match(this)) return this;
    for (let at = this.parentNode; at; at = at.parentNode) if (match(at)) return at;
    return null;
  }

  matches(selector: string): boolean {
    return compileSelector(selector)(this);
  }
}

const LIGHT_DOCUMENT = {
  createElement: (name: string) => new LightElement(name.toLowerCase()),
  createTextNode: (text: string) => new LightText(text),
};

function detach(node: LightNode): void {
  const parent = node.parentNode;
  if (!parent) return;
  if (node.previousSibling) node.previousSibling.nextSibling = node.nextSibling;
  else parent.firstChild = node.nextSibling;
  if (node.nextSibling) node.nextSibling.previousSibling = node.previousSibling;
  else parent.lastChild = node.previousSibling;
  node.parentNode = node.previousSibling = node.nextSibling = null;
}

const SIMPLE = /^([a-z][a-z0-9-]*)(?:\[([a-z][a-z0-9-]*)\])?$/;
const compiled = new Map<string, (el: LightElement) => boolean>();

/** `tag`, `tag[attribute]` or `parent > tag`; compiled once per selector (ProseMirror asks per element and rule). */
function compileSelector(selector: string): (el: LightElement) => boolean {
  let match = compiled.get(selector);
  if (match) return match;
  const parts = selector
    .trim()
    .toLowerCase()
    .split(/\s*>\s*/)
    .map((part) => SIMPLE.exec(part));
  if (parts.length > 2 || parts.some((p) => p === null)) throw new Error(`light-dom: unsupported selector "${selector}"`);
  const one = (part: RegExpExecArray) => (el: LightElement) =>
    el.localName === part[1] && (part[2] === undefined || el.hasAttribute(part[2]));
  const last = one(parts[parts.length - 1]!);
  const parent = parts.length === 2 ? one(parts[0]!) : null;
  match = parent ? (el) => last(el) && el.parentNode !== null && parent(el.parentNode) : last;
  compiled.set(selector, match);
  return match;
}

/** Parts of a table that the HTML parsing algorithm ignores (keeping their content) outside a table. */
const TABLE_PARTS = new Set(['caption', 'col', 'colgroup', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr']);
/** Where, inside a table, only table parts may be: other elements found there are moved before the table. */
const TABLE_STRUCTURE = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr']);

/** The table the nodes being converted are in: its light element, and whether it is itself inside a table. */
interface TableScope {
  table: LightElement;
  outer: TableScope | null;
}

/**
 * Parses HTML as the body of a page: the result is a BODY element whose
 * children are the parsed nodes (ProseMirror treats the parent's name as context).
 *
 * Two rules of a browser's tree building (and of happy-dom, the import's
 * parser before) are applied on top of htmlparser2's, for table parts the
 * sanitiser lets through in the wrong place:
 * - a cell, row or row group outside any table is not an element: its content
 *   stays where it is, as running text (ProseMirror would build a table round it);
 * - an element directly inside a table or row, outside any cell (a heading, a
 *   figure), is moved to just before the table ("foster parenting").
 */
export function parseLightBody(html: string): LightElement {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const body = new LightElement('body');
  const convert = (from: readonly AnyNode[], into: LightElement, scope: TableScope | null) => {
    for (const node of from) {
      if (!(node instanceof HpElement)) {
        into.appendChild(node instanceof HpText ? new LightText(node.data) : new LightOther());
      } else if (!scope && TABLE_PARTS.has(node.name)) {
        convert(node.children, into, scope);
      } else if (scope && TABLE_STRUCTURE.has(into.localName) && !TABLE_PARTS.has(node.name)) {
        const fostered = new LightElement(node.name, node.attribs);
        scope.table.parentNode!.insertBefore(fostered, scope.table);
        convert(node.children, fostered, node.name === 'table' ? { table: fostered, outer: scope.outer } : scope.outer);
      } else {
        const element = into.appendChild(new LightElement(node.name, node.attribs));
        convert(node.children, element, node.name === 'table' ? { table: element, outer: scope } : scope);
      }
    }
  };
  convert(dom.children, body, null);
  return body;
}
