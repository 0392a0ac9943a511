import { useEffect, useState } from 'react';
import { docsApi, type DocMeta } from '../api';

/** A document's metadata for a page about it; `error` (an ApiError for 404) when it cannot be read. */
export function useDocMeta(docId: string): { meta: DocMeta | null; error: Error | null } {
  const [meta, setMeta] = useState<DocMeta | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    docsApi.get(docId).then(
      (m) => live && setMeta(m),
      (err: unknown) => live && setError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      live = false;
    };
  }, [docId]);
  return { meta, error };
}
