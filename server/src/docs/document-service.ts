/**
 * Documents: create, list, rename, delete — for the web and the CLI alike. The
 * title rule lives here; renames and deletions are announced on the bus (the
 * sync layer tells open editors, or closes them with 4410). Each change is
 * audited in the transaction that makes it: `doc.created` (and the author's
 * `member.added`, with the membership), `doc.renamed` (with the title before),
 * `doc.deleted` (the one entry of the document's log that outlives it).
 */
import type { Role } from '@concord/shared';
import { badRequest, forbidden, notFound } from '../domain/domain-error.js';
import type { EventBus } from '../events/event-bus.js';
import type { DocMeta, NewAuditEntry, Stores } from '../store/types.js';
import { createDocument, createdDocCount } from './create-document.js';
import { newId } from '../auth/accounts.js';
import type { ActorRef } from '../members/member-service.js';
import type { NewImage } from '../store/image-types.js';
import { MAX_TITLE_LENGTH } from '@concord/shared';
/** Limits of the HTTP contract, declared once in @concord/shared (api/limits.ts). */
export { MAX_TITLE_LENGTH };

/** The one title rule: trimmed, 1 to 200 characters. */
export function checkTitle(raw: string): string {
  const title = raw.trim();
  if (!title) throw badRequest('title must not be empty');
  if (title.length > MAX_TITLE_LENGTH) throw badRequest(`title must be at most ${MAX_TITLE_LENGTH} characters`);
  return title;
}

/** A new document's imported content. */
export interface InitialContent {
  update: Uint8Array;
  /** The images its figures name (by hash), stored with it. */
  images?: readonly NewImage[];
}

/** A figure image as an import brings it in; a document's metadata. */
export type { NewImage, DocMeta };

export class DocumentService {
  constructor(
    private readonly stores: Stores,
    private readonly bus: EventBus,
    private readonly maxDocsPerUser: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The documents the user is a member of, newest update first, with their role. */
  async listFor(userId: string): Promise<(DocMeta & { role: Role })[]> {
    const ids = await this.stores.members.docIdsOf(userId);
    const docs = await this.stores.docs.listDocs({ ids });
    const roles = new Map(await Promise.all(ids.map(async (id) => [id, await this.stores.members.roleOf(id, userId)] as const)));
    // A membership removed between the two reads leaves the document out.
    return docs.flatMap((d) => {
      const role = roles.get(d.id);
      return role ? [{ ...d, role }] : [];
    });
  }

  /**
   * Creates a document with the user as its author, within the per-user limit
   * (MAX_DOCS_PER_USER). Without an author (the CLI may do that) it has no members yet.
   * `initial` is imported content: its Yjs update, and the images its figures name.
   */
  async create(actor: ActorRef, authorId: string | null, rawTitle: string, initial?: InitialContent): Promise<DocMeta> {
    const title = checkTitle(rawTitle);
    if (authorId !== null) await this.assertMayCreate(authorId);
    const id = newId('d');
    const at = this.now().toISOString();
    const entry = (action: 'doc.created' | 'member.added', details: Record<string, unknown>): NewAuditEntry => ({
      docId: id,
      at,
      actorId: actor.id,
      action,
      blockId: null,
      details: actor.via ? { ...details, via: actor.via } : details,
    });
    const meta = await createDocument(
      this.stores,
      { id, title, authorId, ...(initial ? { initialUpdate: initial.update } : {}) },
      {
        created: entry('doc.created', { title }),
        // The same entry as any membership change (members/member-service.ts).
        authorAdded: authorId === null ? undefined : entry('member.added', { userId: authorId, role: 'author', previousRole: null }),
      },
    );
    if (initial?.images?.length) {
      try {
        await this.stores.images.putImages(meta.id, initial.images);
      } catch (err) {
        // No half-made document: without its images it is not what the file held.
        await this.stores.docs.deleteDoc(meta.id);
        throw err;
      }
    }
    return meta;
  }

  /** The per-account cap (MAX_DOCS_PER_USER); an import checks it before converting its file, then creates through `create`. */
  async assertMayCreate(userId: string): Promise<void> {
    const created = await createdDocCount(this.stores, userId);
    if (created >= this.maxDocsPerUser)
      throw forbidden(`you have created ${created} documents, the most one account may (MAX_DOCS_PER_USER)`);
  }

  /** Every document on the server, newest update first (the CLI's list). */
  async all(): Promise<DocMeta[]> {
    return this.stores.docs.listDocs();
  }

  /** The document, or undefined when there is none. */
  async find(docId: string): Promise<DocMeta | undefined> {
    return this.stores.docs.getDoc(docId);
  }

  async get(docId: string): Promise<DocMeta> {
    const meta = await this.stores.docs.getDoc(docId);
    if (!meta) throw notFound('document not found');
    return meta;
  }

  async rename(docId: string, actor: ActorRef, rawTitle: string): Promise<DocMeta> {
    const title = checkTitle(rawTitle);
    const before = await this.get(docId);
    const details = { title, previousTitle: before.title, ...(actor.via ? { via: actor.via } : {}) };
    const audit = { docId, at: this.now().toISOString(), actorId: actor.id, action: 'doc.renamed' as const, blockId: null, details };
    const meta = await this.stores.docs.renameDoc(docId, title, title === before.title ? undefined : audit);
    if (!meta) throw notFound('document not found');
    await this.bus.publish({ type: 'doc.renamed', docId, title: meta.title });
    return meta;
  }

  async delete(docId: string, actor: ActorRef): Promise<void> {
    const doc = await this.stores.docs.getDoc(docId);
    if (!doc) throw notFound('document not found');
    // Announced first: open editors are closed before the rows go, so nobody keeps editing it.
    await this.bus.publish({ type: 'doc.deleted', docId });
    const details = { title: doc.title, ...(actor.via ? { via: actor.via } : {}) };
    const audit = { docId, at: this.now().toISOString(), actorId: actor.id, action: 'doc.deleted' as const, blockId: null, details };
    if (!(await this.stores.docs.deleteDoc(docId, audit))) throw notFound('document not found');
  }
}
