import { describe, expect, it } from 'vitest';
import { concordSchema } from '@concord/shared';
import { draftTextOf, editedBlock } from './draft-node';

const schema = concordSchema();
const bold = { type: 'bold' };
const paragraph = (content: unknown[]) => schema.nodeFromJSON({ type: 'paragraph', attrs: { id: 'p1' }, content });

describe('a plain-text draft applied to a formatted paragraph', () => {
  it('keeps the formatting of the words it did not change', () => {
    const node = paragraph([
      { type: 'text', text: 'Rents ' },
      { type: 'text', text: 'must', marks: [bold] },
      { type: 'text', text: ' be capped at 30% of income.' },
    ]);
    const edited = editedBlock(node, 'Rents must be capped at 25% of income.')!;
    expect(draftTextOf(edited)).toBe('Rents must be capped at 25% of income.');
    expect(edited.content.toJSON()).toEqual([
      { type: 'text', text: 'Rents ' },
      { type: 'text', text: 'must', marks: [bold] },
      { type: 'text', text: ' be capped at 25% of income.' },
    ]);
  });

  it('new words take the formatting of the text before them, as typing would', () => {
    const node = paragraph([
      { type: 'text', text: 'Bold', marks: [bold] },
      { type: 'text', text: ' plain' },
    ]);
    const edited = editedBlock(node, 'Bolder plain')!;
    expect(edited.content.toJSON()).toEqual([
      { type: 'text', text: 'Bolder', marks: [bold] },
      { type: 'text', text: ' plain' },
    ]);
  });

  it('line breaks in the draft are hard breaks; existing ones are kept', () => {
    const node = paragraph([{ type: 'text', text: 'One' }, { type: 'hardBreak' }, { type: 'text', text: 'Two' }]);
    expect(draftTextOf(node)).toBe('One\nTwo');
    const edited = editedBlock(node, 'One\nTwo\nThree')!;
    expect(edited.content.toJSON()).toEqual([
      { type: 'text', text: 'One' },
      { type: 'hardBreak' },
      { type: 'text', text: 'Two' },
      { type: 'hardBreak' },
      { type: 'text', text: 'Three' },
    ]);
  });

  it('a change inside a footnote’s note cannot be applied from plain text: null, so the caller falls back', () => {
    const node = paragraph([
      { type: 'text', text: 'Spread across offices.' },
      { type: 'footnote', content: [{ type: 'text', text: 'Annual report 2023.' }] },
      { type: 'text', text: ' More.' },
    ]);
    const text = draftTextOf(node);
    expect(editedBlock(node, text.replace('2023', '2024'))).toBeNull();
    // A change outside the note keeps the note.
    const edited = editedBlock(node, text.replace('More.', 'Much more.'))!;
    expect(edited.child(1).type.name).toBe('footnote');
    expect(draftTextOf(edited)).toBe(text.replace('More.', 'Much more.'));
  });

  it('the unchanged text gives back the same node', () => {
    const node = paragraph([{ type: 'text', text: 'Same.' }]);
    expect(editedBlock(node, 'Same.')).toBe(node);
  });
});
