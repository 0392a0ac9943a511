/** The ProseMirror classes the binding uses, from TipTap's copies (one ProseMirror per page). */
export { Fragment, Mark, Slice, type Node as PMNode, type Schema } from '@tiptap/pm/model';
export { ReplaceStep } from '@tiptap/pm/transform';
