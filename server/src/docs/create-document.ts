import type { DocMeta, Stores } from '../store/types.js';
import { newId } from '../auth/accounts.js';

/** Creates a document with its creator as author; optional initial content as a Yjs update. */
export async function createDocument(
  stores: Stores,
  input: { title: string; authorId: string; initialUpdate?: Uint8Array },
): Promise<DocMeta> {
  const meta = await stores.docs.createDoc({
    id: newId('d'),
    title: input.title,
    createdBy: input.authorId,
    ...(input.initialUpdate ? { initialUpdate: input.initialUpdate } : {}),
  });
  await stores.members.setMember(meta.id, input.authorId, 'author');
  return meta;
}

/** Documents `userId` has created; the per-account cap (MAX_DOCS_PER_USER) counts these, whichever way they were made. */
export async function createdDocCount(stores: Stores, userId: string): Promise<number> {
  return (await stores.docs.listDocs()).filter((d) => d.createdBy === userId).length;
}
