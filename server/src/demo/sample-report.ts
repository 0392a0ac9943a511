/**
 * The demo document: a short commission report written for the demo, with
 * sections, lists and quotes, so a newcomer has something real to click through.
 */
type Json = Record<string, unknown>;

let counter = 0;
const id = () => `demo-${String(++counter).padStart(3, '0')}`;
const text = (t: string, marks?: string[]): Json =>
  marks ? { type: 'text', text: t, marks: marks.map((m) => ({ type: m })) } : { type: 'text', text: t };
const p = (...content: Json[]): Json => ({ type: 'paragraph', attrs: { id: id() }, content });
const h = (level: number, t: string): Json => ({ type: 'heading', attrs: { id: id(), level }, content: [text(t)] });
const li = (...content: Json[]): Json => ({ type: 'listItem', content: [p(...content)] });
const bullets = (...items: Json[]): Json => ({ type: 'bulletList', content: items });
const numbered = (...items: Json[]): Json => ({ type: 'orderedList', attrs: { start: 1 }, content: items });
const quote = (...paras: Json[]): Json => ({ type: 'blockquote', content: paras });

export function sampleReport(): Json {
  counter = 0;
  return {
    type: 'doc',
    content: [
      h(1, 'Report of the Commission on Fair Work in the Care Sector'),
      p(
        text('This is a '),
        text('draft', ['italic']),
        text(
          ' of the commission’s report. Every paragraph needs the agreement of all commissioners before it is published. Mark each one ',
        ),
        text('agree', ['bold']),
        text(' or '),
        text('dispute', ['bold']),
        text(' in the margin.'),
      ),
      h(2, '1. Why this commission was set up'),
      p(
        text(
          'Care workers look after more than a million people at home and in residential settings. Their pay has fallen behind comparable work for a decade, and one in three leaves the sector within two years.',
        ),
      ),
      p(
        text(
          'The commission was asked to recommend how pay, training and working time in the sector could be set fairly, and who should pay for it [1].',
        ),
      ),
      quote(p(text('“We love the work. We cannot afford to stay in it.” — a home-care worker heard at the regional hearing'))),
      h(2, '2. What we heard'),
      p(
        text(
          'Over six months the commission held eleven public hearings, received 412 written submissions, and commissioned a survey of 3,000 care workers.',
        ),
      ),
      bullets(
        li(text('Pay: the median hourly wage is 14% below that of comparable public-sector roles.')),
        li(text('Travel time between home visits is often unpaid, which pushes real pay below the legal minimum.')),
        li(text('Training is fragmented: qualifications are not recognised from one employer to the next.')),
      ),
      p(text('Employers told us that their margins are thin and that public contracts rarely cover the full cost of care [2].')),
      h(2, '3. Recommendations'),
      h(3, '3.1 Pay and working time'),
      numbered(
        li(text('A sector-wide minimum rate, negotiated annually by a standing forum of employers, unions and commissioners.')),
        li(text('Travel time between visits is working time and must be paid.')),
        li(text('Contracts guarantee a minimum number of hours each week.')),
      ),
      h(3, '3.2 Training and careers'),
      p(
        text(
          'A single, portable care qualification, recognised by every employer and funded publicly, should replace the current patchwork.',
        ),
      ),
      p(text('Experienced workers should be able to progress to senior and specialist roles with matching pay.')),
      h(3, '3.3 Funding'),
      p(
        text(
          'Public commissioning bodies should pay rates that cover the full cost of the minimum terms above. The commission did not agree on how the additional cost should be raised; the options are set out in the annex.',
        ),
      ),
      quote(p(text('Fair pay in care is not a cost to be minimised but an investment in people’s dignity.'))),
      h(2, '4. Next steps'),
      p(
        text(
          'The commission asks the government to respond within six months and to report annually on progress against each recommendation.',
        ),
      ),
      h(2, 'Notes'),
      numbered(
        li(text('[1] Terms of reference, published with this report.')),
        li(text('[2] Written evidence from the employers’ federation, submission 118.')),
      ),
    ],
  };
}
