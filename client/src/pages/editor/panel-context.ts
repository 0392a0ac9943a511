/** What every side panel is given; its own module so panels and the panel list do not import each other. */
import type { Editor } from '@tiptap/react';
import type { Capability, Role } from '../../api';
import type { DocSession } from '../../sync/doc-session';

export interface PanelContext {
  docId: string;
  role: Role;
  /** What the role may do here, as the server says. */
  capabilities: readonly Capability[];
  session: DocSession;
  editor: Editor | null;
}
