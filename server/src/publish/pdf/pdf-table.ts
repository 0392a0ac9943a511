/**
 * Tables drawn by hand: each row measured, moved to a new page when it does
 * not fit (the header row repeated there), cells shaded, bordered and filled
 * with their text. pdfkit's own table reopens the font file for every cell
 * (an embedded font is not cached under its alias), which took over a minute
 * for 80 rows; this is linear in the cells.
 */
export interface PdfCell {
  text: string;
  header: boolean;
  colspan: number;
}

export interface TableBox {
  x: number;
  width: number;
  bottom: number;
  top: number;
}

const PAD = 4;
const SIZE = 9;
const BORDER = '#9aa0a6';
const HEADER_FILL = '#e8ecf0';

export function drawTable(doc: PDFKit.PDFDocument, rows: readonly (readonly PdfCell[])[], box: TableBox): void {
  const columns = Math.max(1, ...rows.map((row) => row.reduce((n, cell) => n + cell.colspan, 0)));
  const columnWidth = box.width / columns;
  const isHeader = (row: readonly PdfCell[]) => row.length > 0 && row.every((cell) => cell.header);
  const header = rows[0] && isHeader(rows[0]) ? rows[0] : null;

  const heightOf = (row: readonly PdfCell[]): number =>
    Math.max(
      SIZE + 2 * PAD,
      ...row.map((cell) => {
        doc.font(cell.header ? 'bold' : 'regular').fontSize(SIZE);
        return doc.heightOfString(cell.text || ' ', { width: columnWidth * cell.colspan - 2 * PAD }) + 2 * PAD;
      }),
    );

  const drawRow = (row: readonly PdfCell[], height: number): void => {
    let x = box.x;
    const y = doc.y;
    for (const cell of row) {
      const width = columnWidth * cell.colspan;
      if (cell.header) doc.rect(x, y, width, height).fill(HEADER_FILL);
      doc.rect(x, y, width, height).lineWidth(0.5).stroke(BORDER);
      doc
        .font(cell.header ? 'bold' : 'regular')
        .fontSize(SIZE)
        .fillColor('#1f2328')
        .text(cell.text, x + PAD, y + PAD, { width: width - 2 * PAD, lineGap: 0 });
      x += width;
    }
    doc.x = box.x;
    doc.y = y + height;
  };

  rows.forEach((row, i) => {
    const height = heightOf(row);
    if (doc.y + height > box.bottom && doc.y > box.top + 1) {
      doc.addPage();
      // The header row again at the top of each page the table continues on.
      if (header && i > 0) drawRow(header, heightOf(header));
    }
    drawRow(row, height);
  });
}
