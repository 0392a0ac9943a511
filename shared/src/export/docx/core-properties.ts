/**
 * `docProps/core.xml`, written by us instead of `docx` (which stamps it with
 * the current time): title, creator, and the created/modified dates taken from
 * `generatedAt`, or left out when there is none.
 */
export function corePropertiesXml(title: string, description: string, generatedAt: string | undefined): string {
  const time = generatedAt !== undefined ? Date.parse(generatedAt) : Number.NaN;
  const stamp = Number.isFinite(time) ? new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${xml(title)}</dc:title>`,
    `<dc:description>${xml(description)}</dc:description>`,
    '<dc:creator>Concord</dc:creator>',
    '<cp:lastModifiedBy>Concord</cp:lastModifiedBy>',
    '<cp:revision>1</cp:revision>',
    stamp ? `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` : '',
    stamp ? `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` : '',
    '</cp:coreProperties>',
  ].join('');
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
