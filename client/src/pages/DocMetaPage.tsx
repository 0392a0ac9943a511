/**
 * A page about one document that needs its metadata first: DocUnavailable when the
 * server does not show it to this user (404), the error with a retry when it
 * could not be read, a loading placeholder meanwhile, then the page itself.
 */
import type { ReactNode } from 'react';
import { ApiError, type DocMeta } from '../api';
import { useDocMeta } from '../app/use-doc-meta';
import { MessagePage } from './MessagePage';
import { DocUnavailable } from './DocUnavailable';

export function DocMetaPage({ docId, failed, children }: { docId: string; failed: string; children: (meta: DocMeta) => ReactNode }) {
  const { meta, error } = useDocMeta(docId);
  if (error instanceof ApiError && error.status === 404) return <DocUnavailable docId={docId} />;
  if (error) return <MessagePage title={failed} body={error.message} action={{ label: 'Try again', onClick: () => location.reload() }} />;
  if (!meta) return <div className="page-loading" aria-busy="true" />;
  return children(meta);
}
