/**
 * The way the import turned sanitised HTML into a document before
 * server/src/import/light-dom.ts: TipTap's generateJSON (@tiptap/html/server),
 * i.e. ProseMirror's DOMParser over a happy-dom page with scripts and loading
 * disabled, reproduced step by step (generateJSON builds the same schema from
 * the same extensions). Kept as the reference the new parser is compared with
 * (imports-equivalence.test.ts) and measured against (bench/export/import-parse.bench.ts).
 */
import { Window } from 'happy-dom';
import { DOMParser } from '@tiptap/pm/model';
import { concordSchema } from '@concord/shared';

export function referenceParseImportHtml(html: string): unknown {
  // generateJSON's settings, less two that happy-dom 20 has made defaults (no script evaluation, no frame loading).
  const localWindow = new Window({
    settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableComputedStyleRendering: true },
  });
  try {
    const page = new localWindow.DOMParser().parseFromString(`<!DOCTYPE html><html><body>${html}</body></html>`, 'text/html');
    return DOMParser.fromSchema(concordSchema())
      .parse(page.body as never)
      .toJSON();
  } finally {
    void localWindow.happyDOM.abort();
    void localWindow.happyDOM.close();
  }
}
