import type { DocMeta, NewAuditEntry, Stores } from '../store/types.js';
import { newId } from '../auth/accounts.js';

/**
 * Creates a document with its creator as author (none: no members yet); optional
 * initial content as a Yjs update. DocumentService passes the audit entries
 * (`doc.created`, written with the document; the author's `member.added`, written
 * with the membership); the demo seed and tests set data up without them.
 */
export async function createDocument(
  stores: Stores,
  input: { id?: string; title: string; authorId: string | null; initialUpdate?: Uint8Array },
  audit: { created?: NewAuditEntry | undefined; authorAdded?: NewAuditEntry | undefined } = {},
): Promise<DocMeta> {
  const meta = await stores.docs.createDoc(
    {
      id: input.id ?? newId('d'),
      title: input.title,
      createdBy: input.authorId,
      ...(input.initialUpdate ? { initialUpdate: input.initialUpdate } : {}),
    },
    audit.created,
  );
  if (input.authorId !== null) await stores.members.setMember(meta.id, input.authorId, 'author', audit.authorAdded);
  return meta;
}

/** Documents `userId` has created; the per-account cap (MAX_DOCS_PER_USER) counts these, whichever way they were made. */
export async function createdDocCount(stores: Stores, userId: string): Promise<number> {
  return (await stores.docs.listDocs()).filter((d) => d.createdBy === userId).length;
}
