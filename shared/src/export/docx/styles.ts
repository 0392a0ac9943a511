/**
 * Word styles and list numbering of the DOCX export. Style ids and names are
 * Word's built-in ones (Heading1 "heading 1", Title, Quote, Hyperlink), so Word
 * shows them in its navigation pane and importers such as mammoth recognise them.
 */
import type { INumberingOptions, IStylesOptions } from 'docx';
import { AlignmentType, LevelFormat } from 'docx';

const SERIF = 'Georgia';
const SANS = 'Calibri';
const ACCENT = '1F4E79';
const LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
export const INDENT_STEP = 720; // twips: half an inch per list level
const HANGING = 360;

export const BULLET_REFERENCE = 'concord-bullet';
export const orderedReference = (start: number): string => `concord-ordered-${start}`;

const HEADING_SIZES = [32, 28, 24, 22, 22, 22]; // half-points

export const DOCX_STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: SERIF, size: 22, color: '1F2328' },
      paragraph: { spacing: { after: 160, line: 288 } },
    },
  },
  paragraphStyles: [
    {
      id: 'Title',
      name: 'Title',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: SANS, size: 52, bold: true, color: '111111' },
      paragraph: { spacing: { after: 240 } },
    },
    ...HEADING_SIZES.map((size, i) => ({
      id: `Heading${i + 1}`,
      name: `heading ${i + 1}`,
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: SANS, size, bold: true, color: i === 0 ? ACCENT : '111111', italics: i >= 4 },
      paragraph: { keepNext: true, keepLines: true, spacing: { before: i === 0 ? 480 : 320, after: 120 }, outlineLevel: i },
    })),
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true, color: '3A3F45' },
      paragraph: {
        indent: { left: INDENT_STEP, right: INDENT_STEP },
        border: { left: { style: 'single', size: 12, color: ACCENT, space: 12 } },
      },
    },
    {
      id: 'Caption',
      name: 'caption',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true, size: 18, color: '3A3F45' },
      paragraph: { spacing: { before: 60, after: 240 } },
    },
    {
      id: 'FootnoteText',
      name: 'footnote text',
      basedOn: 'Normal',
      run: { size: 18 },
      paragraph: { spacing: { after: 60, line: 240 } },
    },
    {
      id: 'ConcordMeta',
      name: 'Concord Meta',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: SANS, size: 20, italics: true, color: '5C6370' },
    },
  ],
  characterStyles: [
    { id: 'Hyperlink', name: 'Hyperlink', basedOn: 'DefaultParagraphFont', run: { color: ACCENT, underline: { type: 'single' } } },
    { id: 'ConcordStatus', name: 'Concord Status', run: { font: SANS, size: 16, bold: true, color: '5C6370' } },
  ],
};

const BULLETS = ['•', '◦', '▪'];

/** One bullet definition, and one decimal definition per distinct start value (each list is its own instance). */
export function numberingFor(starts: readonly number[]): INumberingOptions {
  return {
    config: [
      {
        reference: BULLET_REFERENCE,
        levels: LEVELS.map((level) => ({
          level,
          format: LevelFormat.BULLET,
          text: BULLETS[level % BULLETS.length],
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: INDENT_STEP * (level + 1), hanging: HANGING } } },
        })),
      },
      ...[...new Set(starts)]
        .sort((a, b) => a - b)
        .map((start) => ({
          reference: orderedReference(start),
          levels: LEVELS.map((level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            start,
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: { left: INDENT_STEP * (level + 1), hanging: HANGING } } },
          })),
        })),
    ],
  };
}
