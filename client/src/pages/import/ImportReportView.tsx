/** The import report: what was kept, what was left out and why, and any warnings. */
import type { ImportResult } from '../../api';

const KEPT_WORDS: Record<string, [string, string]> = {
  headings: ['heading', 'headings'],
  paragraphs: ['paragraph', 'paragraphs'],
  bulletLists: ['bulleted list', 'bulleted lists'],
  orderedLists: ['numbered list', 'numbered lists'],
  listItems: ['list item', 'list items'],
  blockquotes: ['quote', 'quotes'],
  hardBreaks: ['line break', 'line breaks'],
  bold: ['bold passage', 'bold passages'],
  italic: ['italic passage', 'italic passages'],
  underline: ['underlined passage', 'underlined passages'],
  strike: ['struck-through passage', 'struck-through passages'],
  links: ['link', 'links'],
  footnoteMarkers: ['footnote marker', 'footnote markers'],
};

const FORMAT_NAMES: Record<string, string> = { md: 'Markdown', html: 'HTML', docx: 'Word' };

export function ImportReportView({ result }: { result: ImportResult }) {
  const { report } = result;
  const kept = Object.entries(report.kept).filter(([, n]) => typeof n === 'number' && n > 0);
  const droppedTotal = report.dropped.reduce((sum, d) => sum + d.count, 0);
  return (
    <div className="import-report" data-testid="import-report">
      <p className="import-report__lede">
        “<strong>{result.title}</strong>” was created from a {FORMAT_NAMES[report.format] ?? report.format} file. You are its author.
      </p>

      <h3 className="import-report__title">Kept</h3>
      {kept.length === 0 ? (
        <p className="muted">No content was found in the file.</p>
      ) : (
        <ul className="import-kept" data-testid="import-kept">
          {kept.map(([key, n]) => {
            const words = KEPT_WORDS[key];
            return (
              <li key={key}>
                <span className="import-kept__n">{n.toLocaleString()}</span> {words ? words[n === 1 ? 0 : 1] : key}
              </li>
            );
          })}
        </ul>
      )}

      <h3 className="import-report__title">Left out</h3>
      {report.dropped.length === 0 ? (
        <p className="muted" data-testid="import-dropped-none">
          Nothing: everything in the file had a place in the document.
        </p>
      ) : (
        <>
          <p className="muted import-report__why">
            Concord documents hold headings, paragraphs, lists, quotes, emphasis, links and footnote markers.{' '}
            {droppedTotal === 1 ? 'This was' : 'These were'} not kept:
          </p>
          <ul className="import-dropped" data-testid="import-dropped">
            {report.dropped.map((d) => (
              <li key={d.what}>
                <span className="import-dropped__what">{d.what}</span>
                <span className="import-dropped__count muted">× {d.count.toLocaleString()}</span>
                {d.example && (
                  <span className="import-dropped__example muted">
                    e.g. <code>{d.example}</code>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {report.warnings.length > 0 && (
        <>
          <h3 className="import-report__title">Notes</h3>
          <ul className="import-warnings" data-testid="import-warnings">
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
