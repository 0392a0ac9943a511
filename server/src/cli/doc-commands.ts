/** `concord doc create | list`. */
import { newId } from '../auth/accounts.js';
import { createDocument } from '../docs/create-document.js';
import type { DocMeta, Stores } from '../store/types.js';
import { CliError, optionalString, stringOption, type Command, type OptionValues } from './command.js';
import { requireUserByEmail } from './user-commands.js';
import { formatTable, shortTime } from './table.js';

/** Same rule as the HTTP API: trimmed, 1 to 200 characters. */
function checkTitle(raw: string): string {
  const title = raw.trim();
  if (!title) throw new CliError('title must not be empty');
  if (title.length > 200) throw new CliError('title must be at most 200 characters');
  return title;
}

/**
 * The new document's initial content, as a Yjs update, or undefined for an empty
 * document. Sources of content (e.g. `--from FILE` for import) plug in here: add
 * the option to `docCreate.options`, and turn it into an update below.
 */
async function initialContent(_values: OptionValues): Promise<Uint8Array | undefined> {
  return undefined;
}

export async function requireDoc(stores: Stores, docId: string): Promise<DocMeta> {
  const doc = await stores.docs.getDoc(docId.trim());
  if (!doc) throw new CliError(`no document with id ${docId.trim()} (see \`concord doc list\`)`);
  return doc;
}

export const docCreate: Command = {
  group: 'doc',
  name: 'create',
  summary: 'create a document and print its id',
  usage: '--title T [--author EMAIL]',
  details:
    'Prints only the new id on standard output, so scripts can capture it. With --author, that user becomes the document\'s author; without it the document has no members until you add some with `concord member add`.',
  options: { title: { type: 'string' }, author: { type: 'string' } },
  required: ['title'],
  mayCreateData: true,
  async run(ctx, values) {
    const stores = await ctx.stores();
    const title = checkTitle(stringOption(values, 'title'));
    const authorEmail = optionalString(values, 'author');
    const author = authorEmail === undefined ? undefined : await requireUserByEmail(stores, authorEmail);
    const initialUpdate = await initialContent(values);
    const meta = author
      ? await createDocument(stores, { title, authorId: author.id, ...(initialUpdate ? { initialUpdate } : {}) })
      : await stores.docs.createDoc({ id: newId('d'), title, createdBy: null, ...(initialUpdate ? { initialUpdate } : {}) });
    ctx.io.out(meta.id);
    ctx.io.err(
      author
        ? `Created "${meta.title}" with ${author.email} as author.`
        : `Created "${meta.title}". It has no members yet: add one with \`concord member add --doc ${meta.id} --email E --role author\`.`,
    );
  },
};

export const docCommands: Command[] = [
  docCreate,
  {
    group: 'doc',
    name: 'list',
    summary: 'list every document',
    usage: '',
    options: {},
    async run(ctx) {
      const stores = await ctx.stores();
      const docs = await stores.docs.listDocs();
      if (docs.length === 0) return ctx.io.err('No documents yet. Create one with `concord doc create --title T`.');
      const rows = await Promise.all(
        docs.map(async (d) => {
          const members = await stores.members.listMembers(d.id);
          return [d.id, d.title, shortTime(d.updatedAt), String(members.length)];
        }),
      );
      for (const line of formatTable(['ID', 'TITLE', 'UPDATED', 'MEMBERS'], rows)) ctx.io.out(line);
    },
  },
];
