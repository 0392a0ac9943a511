// The bare comparison page for scenario 7: TipTap with Concord's schema and the
// Collaboration extension on the stock y-websocket provider, nothing else (no
// gutter, presence list, comments or React). Bundled by scenarios/browser.ts with
// esbuild; plain JS because bench/ does not depend on TipTap (client/ does).
import { Editor } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { concordExtensions } from '@concord/shared/schema/extensions';

const docId = new URLSearchParams(location.search).get('doc') ?? '';
const ydoc = new Y.Doc();
const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, docId, ydoc, { disableBc: true });
const element = document.createElement('div');
document.body.append(element);
const editor = new Editor({
  element,
  extensions: [
    ...concordExtensions({ filterTransaction: (tr) => !isChangeOrigin(tr) }),
    Collaboration.configure({ document: ydoc, field: 'default' }),
  ],
  editorProps: { attributes: { 'data-testid': 'editor', class: 'prose' } },
});
Object.assign(window, { benchEditor: editor, benchProvider: provider });
