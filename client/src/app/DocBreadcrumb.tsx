/** The header of a page about one document: Documents / its title / this page (each a link but the last). */
import { docPath, navigate } from './router';

export function DocBreadcrumb({ docId, title, here }: { docId: string; title: string | null; here: string }) {
  const link = (href: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(href);
  };
  return (
    <nav className="doc-title" aria-label="Breadcrumb">
      <a className="doc-title__back" href="/" onClick={link('/')}>
        Documents
      </a>
      <span className="doc-title__sep" aria-hidden="true">
        /
      </span>
      <a className="doc-title__back doc-title__up" href={docPath(docId)} onClick={link(docPath(docId))} data-testid="breadcrumb-doc">
        {title ?? '…'}
      </a>
      <span className="doc-title__sep" aria-hidden="true">
        /
      </span>
      <h1 className="doc-title__text">{here}</h1>
    </nav>
  );
}
