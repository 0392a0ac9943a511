/** What every side panel is given; its own module so panels and the panel list do not import each other. */
import type { Editor } from '@tiptap/react';
import type { Role } from '../../api';
import type { DocSession } from '../../sync/doc-session';

export interface PanelContext {
  docId: string;
  role: Role;
  session: DocSession;
  editor: Editor | null;
}
