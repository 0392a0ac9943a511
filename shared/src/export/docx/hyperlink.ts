/**
 * An external hyperlink with a relationship id we choose. `docx`'s own
 * ExternalHyperlink draws a random id (nanoid) per run, which would make two
 * exports of the same document differ; this does what it does at write time
 * (add the relationship to the part being written) with a counter-based id.
 */
import type { IContext, IXmlableObject, ParagraphChild, TextRun } from 'docx';
import { ConcreteHyperlink, InternalHyperlink } from 'docx';

const HYPERLINK_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

class StableHyperlink extends ConcreteHyperlink {
  private readonly addedTo = new WeakSet<object>();

  constructor(
    children: readonly TextRun[],
    relationshipId: string,
    private readonly target: string,
  ) {
    super(children, relationshipId);
  }

  override prepForXml(context: IContext): IXmlableObject | undefined {
    const relationships = context.viewWrapper.Relationships;
    if (!this.addedTo.has(relationships)) {
      relationships.addRelationship(this.linkId, HYPERLINK_RELATIONSHIP, this.target, 'External');
      this.addedTo.add(relationships);
    }
    return super.prepForXml(context);
  }
}

/**
 * A hyperlink to `target` (an address `safeHref` accepted). `sequence` must be unique within the
 * document: it becomes the relationship id `rIdConcordLink<sequence>`. A `#fragment` becomes a link
 * to the bookmark of that name (Word writes no relationship id for those, so nothing random either).
 */
export function stableHyperlink(children: readonly TextRun[], sequence: number, target: string): ParagraphChild {
  if (target.startsWith('#')) return new InternalHyperlink({ children: [...children], anchor: target.slice(1) });
  return new StableHyperlink(children, `ConcordLink${sequence}`, target) as unknown as ParagraphChild;
}
