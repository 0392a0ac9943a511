/**
 * A document the server will not show this person (404). The API answers the
 * same for a document that does not exist and for one they are not a member of,
 * so outsiders learn nothing; the page therefore cannot tell the two apart and
 * says both — unless this device opened the document before (its title is in
 * the local cache), when "no longer" is what is true.
 */
import { localCache } from '../app/local-cache';
import { navigate } from '../app/router';
import { MessagePage } from './MessagePage';

export function DocUnavailable({ docId, openedBefore }: { docId: string; openedBefore?: boolean }) {
  const known = openedBefore ?? localCache.docMeta(docId) !== null;
  return (
    <MessagePage
      testId="no-access"
      title={known ? 'You no longer have access' : 'This document does not exist, or you do not have access'}
      body={
        known
          ? 'This document was deleted, or you are no longer a member of it. Ask its author if you should be.'
          : 'Check the address, or ask the document’s author to add you.'
      }
      action={{ label: 'Go to your documents', onClick: () => navigate('/') }}
    />
  );
}
