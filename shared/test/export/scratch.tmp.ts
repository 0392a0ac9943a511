import { Document, Packer, Paragraph, TextRun, HeadingLevel, ExternalHyperlink, LevelFormat } from 'docx';
function make() {
  return new Document({
    title: 'T', creator: 'Concord',
    numbering: { config: [{ reference: 'o', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.' }] }] },
    sections: [{ children: [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Hello')] }),
      new Paragraph({ children: [new ExternalHyperlink({ link: 'https://x.org', children: [new TextRun({ text: 'x', style: 'Hyperlink' })] })] }),
      new Paragraph({ numbering: { reference: 'o', level: 0, instance: 1 }, children: [new TextRun('a')] }),
      new Paragraph({ numbering: { reference: 'o', level: 0, instance: 2 }, children: [new TextRun('b')] }),
    ] }],
  });
}
const a = new Uint8Array(await Packer.toArrayBuffer(make()));
await new Promise(r => setTimeout(r, 2100));
const b = new Uint8Array(await Packer.toArrayBuffer(make()));
console.log(a.length, b.length);
let diffs = 0; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs++;
console.log('diff bytes', diffs);
const s = await Packer.toString(make());
const { default: JSZip } = await import('/work/main/tests/node_modules/jszip/lib/index.js' as string);
for (const buf of [a, b]) {
  const z = await JSZip.loadAsync(buf);
  console.log(Object.keys(z.files).join(' '));
  console.log(await z.file('docProps/core.xml').async('string'));
  console.log((await z.file('word/_rels/document.xml.rels').async('string')).slice(0, 2000));
  console.log((await z.file('word/numbering.xml').async('string')).slice(-800));
}
