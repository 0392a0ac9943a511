/** `concord doc create | list`. */
import { checkTitle } from '../docs/document-service.js';
import type { DocMeta, Stores } from '../store/types.js';
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
import type { NewImage } from '../store/image-types.js';
import { CliError, UsageError, optionalString, stringOption, type CliContext, type Command, type OptionValues } from './command.js';
import { ImportError } from '../import/import-error.js';
import { loadExportService, loadImporter } from '../publish/lazy-modules.js';
import { RoomManager } from '../sync/room-manager.js';
import { defaultRoomOptions } from '../sync/room.js';
import { ConsensusService } from '../consensus/consensus-service.js';
import { VersionService } from '../versions/version-service.js';
import { createLogger } from '../logger.js';
import { InProcessEventBus } from '../events/event-bus.js';
import { requireUserByEmail } from './user-commands.js';
import { formatTable, shortTime } from './table.js';

/**
 * The new document's initial content, as a Yjs update, or undefined for an empty
 * document. Sources of content (e.g. `--from FILE` for import) plug in here: add
 * the option to `docCreate.options`, and turn it into an update below.
 */
interface InitialContent {
  update: Uint8Array;
  /** The images the imported figures show, stored with the new document. */
  images: NewImage[];
}

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

export async function requireDoc(stores: Stores, docId: string): Promise<DocMeta> {
  const doc = await stores.docs.getDoc(docId.trim());
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
    const stores = await ctx.stores();
    const title = checkTitle(stringOption(values, 'title'));
    const { documents } = await ctx.services();
    const authorEmail = optionalString(values, 'author');
    const author = authorEmail === undefined ? undefined : await requireUserByEmail(stores, authorEmail);
    const initial = await initialContent(values, ctx.io);
    const meta = await documents.create(author?.id ?? null, title, initial?.update);
    if (initial && initial.images.length > 0) await stores.images.putImages(meta.id, initial.images);
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
    const stores = await ctx.stores();
    const format = stringOption(values, 'format') as PublishFormat;
    if (!PUBLISH_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${PUBLISH_FORMATS.join(', ')}`);
    const scope = optionalString(values, 'scope') ?? 'consensus';
    if (scope !== 'consensus' && scope !== 'draft') throw new UsageError('--scope must be consensus or draft');
    const images = optionalString(values, 'images') ?? 'references';
    if (!MARKDOWN_IMAGE_MODES.includes(images as MarkdownImageMode)) throw new UsageError('--images must be references or zip');
    const dissent = optionalString(values, 'dissent') ?? 'none';
    if (!DISSENT_ANNEX_MODES.includes(dissent as DissentAnnexMode)) throw new UsageError('--dissent must be none, anonymous or attributed');
    const meta = await requireDoc(stores, stringOption(values, 'doc'));
    // A private, read-only view of the document: no block-id assignment and no
    // compaction (the unload timer that would compact never fires before the CLI
    // exits: it is unref'd), so nothing is written to the server's database.
    const rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 24 * 3600_000 });
    let file;
    try {
      const { exportDocument } = await loadExportService();
      // Nothing listens on this bus: exporting changes nothing.
      const bus = new InProcessEventBus(() => {});
      const consensus = new ConsensusService(stores, rooms, bus);
      const versions = readOnlyVersions(stores, rooms, consensus, bus);
      const version = optionalString(values, 'version');
      if (version !== undefined && !(await stores.versions.get(meta.id, version.trim())))
        throw new CliError(`document ${meta.id} has no version ${version.trim()} (see \`concord doc versions --doc ${meta.id}\`)`);
      file = await exportDocument({ stores, rooms, consensus, versions }, meta.id, format, {
        version: version?.trim(),
        scope,
        includeRecord: values.record === true,
        keepRecommendationNumbers: values['keep-recommendation-numbers'] === true,
        markdownImages: images as MarkdownImageMode,
        withheldPlaceholders: values.placeholders === true,
        dissentAnnex: dissent as DissentAnnexMode,
      });
    } finally {
      // Drop the in-memory copy (and its presence timer) without compacting.
      rooms.get(meta.id)?.close(1001);
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

/** Version reading for the CLI: a private bus and rooms, nothing edited, so no checkpoint is ever taken. */
function readOnlyVersions(stores: Stores, rooms: RoomManager, consensus: ConsensusService, bus: InProcessEventBus): VersionService {
  return new VersionService(stores, rooms, consensus, bus, createLogger('silent'), {
    checkpointIntervalMs: 3600_000,
    maxAutoVersions: 500,
    captureInWorker: false,
  });
}

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
    const stores = await ctx.stores();
    const meta = await requireDoc(stores, stringOption(values, 'doc'));
    const versions = [...(await stores.versions.list(meta.id))].reverse();
    if (versions.length === 0)
      return ctx.io.err('No versions yet: one is taken after a few minutes of editing, or name one in the editor.');
    const rows = versions.map((v) => [
      v.id,
      shortTime(v.createdAt),
      v.kind === 'named' ? 'named' : v.reason,
      v.name ?? '',
      `${v.summary.changed} changed, ${v.summary.agreed} agreed, ${v.summary.stale} stale`,
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
