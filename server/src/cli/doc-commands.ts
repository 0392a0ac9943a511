/** `concord doc create | list`. */
import { checkTitle, type DocMeta, type DocumentService, type InitialContent, type NewImage } from '../docs/document-service.js';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  PUBLISH_FORMATS,
  MARKDOWN_IMAGE_MODES,
  DISSENT_ANNEX_MODES,
  sniffImage,
  updateFromProseMirrorJSON,
  type PublishFormat,
  type MarkdownImageMode,
  type DissentAnnexMode,
} from '@concord/shared';
import { CliError, UsageError, optionalString, stringOption, type CliContext, type Command, type OptionValues } from './command.js';
import { ImportError } from '../import/import-error.js';
import { loadExportService, loadImporter } from '../publish/lazy-modules.js';
import { requireUserByEmail } from './user-commands.js';
import { formatTable, shortTime } from './table.js';
import { CLI_ACTOR } from '../members/member-service.js';

/**
 * The new document's initial content (a Yjs update and the images its figures
 * show), or undefined for an empty document. Sources of content (e.g. `--from
 * FILE` for import) plug in here: add the option to `docCreate.options`, and
 * turn it into an update below.
 */
async function initialContent(values: OptionValues, io: CliContext['io']): Promise<InitialContent | undefined> {
  const from = optionalString(values, 'from');
  if (from === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(from));
  } catch (err) {
    throw new CliError(`cannot read ${from}: ${(err as Error).message}`);
  }
  try {
    const { importDocument } = await loadImporter();
    const { doc, report, images } = await importDocument({ filename: basename(from), bytes });
    const kept = Object.entries(report.kept)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ');
    io.err(`Imported ${basename(from)} (${report.format}): ${kept || 'nothing'}.`);
    for (const d of report.dropped) io.err(`  left out: ${d.count} × ${d.what}${d.example ? ` (e.g. ${d.example})` : ''}`);
    for (const w of report.warnings) io.err(`  warning: ${w}`);
    const stored: NewImage[] = [];
    for (const [hash, image] of images) {
      const size = sniffImage(image.bytes);
      if (size)
        stored.push({ hash, mediaType: size.mediaType, bytes: image.bytes, width: size.width, height: size.height, createdBy: null });
    }
    return { update: updateFromProseMirrorJSON(doc as unknown as Record<string, unknown>), images: stored };
  } catch (err) {
    if (err instanceof ImportError) throw new CliError(`cannot import ${from}: ${err.message}`);
    throw err;
  }
}

export async function requireDoc(documents: DocumentService, docId: string): Promise<DocMeta> {
  const doc = await documents.find(docId.trim());
  if (!doc) throw new CliError(`no document with id ${docId.trim()} (see \`concord doc list\`)`);
  return doc;
}

export const docCreate: Command = {
  group: 'doc',
  name: 'create',
  summary: 'create a document and print its id',
  usage: '--title T [--author EMAIL] [--from FILE.md|.html|.docx]',
  details:
    "Prints only the new id on standard output, so scripts can capture it. With --author, that user becomes the document's author; without it the document has no members until you add some with `concord member add`. With --from, the document starts with the content of a Markdown, HTML or DOCX file (format from the extension); what could not be kept is listed.",
  options: { title: { type: 'string' }, author: { type: 'string' }, from: { type: 'string' } },
  required: ['title'],
  mayCreateData: true,
  async run(ctx, values) {
    const title = checkTitle(stringOption(values, 'title'));
    const { documents, accounts } = await ctx.services();
    const authorEmail = optionalString(values, 'author');
    const author = authorEmail === undefined ? undefined : await requireUserByEmail(accounts, authorEmail);
    const initial = await initialContent(values, ctx.io);
    const meta = await documents.create(CLI_ACTOR, author?.id ?? null, title, initial);
    ctx.io.out(meta.id);
    ctx.io.err(
      author
        ? `Created "${meta.title}" with ${author.email} as author.`
        : `Created "${meta.title}". It has no members yet: add one with \`concord member add --doc ${meta.id} --email E --role author\`.`,
    );
  },
};

export const docExport: Command = {
  group: 'doc',
  name: 'export',
  summary: 'export a document (consensus text by default)',
  usage:
    '--doc ID --format md|html|docx|json|pdf [--version VID] [--scope consensus|draft] [--record] [--images references|zip] [--keep-recommendation-numbers] [--placeholders] [--dissent none|anonymous|attributed] [--out FILE]',
  details:
    'Writes the file to --out, or to standard output. --scope consensus (the default) keeps only agreed paragraphs; draft keeps everything, marked with its status. --record appends who agreed and when. --images zip (Markdown) writes a .zip holding the .md and its images. --keep-recommendation-numbers keeps the recommendation numbers of the draft in a consensus export instead of renumbering. --placeholders puts "[Paragraph withheld: not agreed]" where each withheld block stood. --dissent anonymous|attributed appends an annex with each disputed block and its dispute reasons, without or with names. With --version (an id from `concord doc versions`), exports that version: its words and who had agreed to them then, the same bytes as an export taken when it was made. The same document state gives the same bytes. Reads the database only; safe while the server runs.',
  options: {
    doc: { type: 'string' },
    format: { type: 'string' },
    scope: { type: 'string' },
    record: { type: 'boolean' },
    images: { type: 'string' },
    'keep-recommendation-numbers': { type: 'boolean' },
    placeholders: { type: 'boolean' },
    dissent: { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string' },
  },
  required: ['doc', 'format'],
  async run(ctx, values) {
    const { documents, readOnly } = await ctx.services();
    const format = stringOption(values, 'format') as PublishFormat;
    if (!PUBLISH_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${PUBLISH_FORMATS.join(', ')}`);
    const scope = optionalString(values, 'scope') ?? 'consensus';
    if (scope !== 'consensus' && scope !== 'draft') throw new UsageError('--scope must be consensus or draft');
    const images = optionalString(values, 'images') ?? 'references';
    if (!MARKDOWN_IMAGE_MODES.includes(images as MarkdownImageMode)) throw new UsageError('--images must be references or zip');
    const dissent = optionalString(values, 'dissent') ?? 'none';
    if (!DISSENT_ANNEX_MODES.includes(dissent as DissentAnnexMode)) throw new UsageError('--dissent must be none, anonymous or attributed');
    const meta = await requireDoc(documents, stringOption(values, 'doc'));
    // A private, read-only view of the document: exporting writes nothing to the server's database.
    const view = readOnly();
    let file;
    try {
      const { exportDocument } = await loadExportService();
      const version = optionalString(values, 'version');
      if (version !== undefined && !(await view.versions.has(meta.id, version.trim())))
        throw new CliError(`document ${meta.id} has no version ${version.trim()} (see \`concord doc versions --doc ${meta.id}\`)`);
      file = await exportDocument(view.exportContext, meta.id, format, {
        version: version?.trim(),
        scope,
        includeRecord: values.record === true,
        keepRecommendationNumbers: values['keep-recommendation-numbers'] === true,
        markdownImages: images as MarkdownImageMode,
        withheldPlaceholders: values.placeholders === true,
        dissentAnnex: dissent as DissentAnnexMode,
      });
    } finally {
      view.drop(meta.id);
    }
    const out = optionalString(values, 'out');
    if (out === undefined) {
      process.stdout.write(file.bytes);
    } else {
      await writeFile(out, file.bytes);
      ctx.io.err(`Wrote ${file.bytes.byteLength} bytes to ${out} (${scope}, ${format}).`);
    }
  },
};

export const docVersions: Command = {
  group: 'doc',
  name: 'versions',
  summary: "list a document's versions, newest first",
  usage: '--doc ID',
  details:
    'One line per version: its id (for `concord doc export --version`), when, named or automatic (and why), its name, and how many blocks changed, became agreed or went stale since the version before. Reads the database only.',
  options: { doc: { type: 'string' } },
  required: ['doc'],
  async run(ctx, values) {
    const { documents, readOnly } = await ctx.services();
    const meta = await requireDoc(documents, stringOption(values, 'doc'));
    const versions = await readOnly().versions.list(meta.id); // newest first
    if (versions.length === 0)
      return ctx.io.err('No versions yet: one is taken after a few minutes of editing, or name one in the editor.');
    const rows = versions.map((v) => [
      v.id,
      shortTime(v.createdAt),
      v.kind === 'named' ? 'named' : v.reason,
      v.name ?? '',
      `${v.changed} changed, ${v.agreed} agreed, ${v.stale} stale`,
    ]);
    for (const line of formatTable(['ID', 'WHEN', 'KIND', 'NAME', 'SINCE PREVIOUS'], rows)) ctx.io.out(line);
  },
};

export const docCommands: Command[] = [
  docCreate,
  docExport,
  docVersions,
  {
    group: 'doc',
    name: 'list',
    summary: 'list every document',
    usage: '',
    options: {},
    async run(ctx) {
      const { documents, members } = await ctx.services();
      const docs = await documents.all();
      if (docs.length === 0) return ctx.io.err('No documents yet. Create one with `concord doc create --title T`.');
      const rows = await Promise.all(
        docs.map(async (d) => {
          return [d.id, d.title, shortTime(d.updatedAt), String((await members.list(d.id)).length)];
        }),
      );
      for (const line of formatTable(['ID', 'TITLE', 'UPDATED', 'MEMBERS'], rows)) ctx.io.out(line);
    },
  },
];
