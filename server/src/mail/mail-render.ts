/**
 * Email bodies: a plain-text part and an HTML part made only of escaped text,
 * paragraphs and links — no script, no style sheets, no images, nothing remote —
 * so a mail client has nothing to run or fetch.
 */

/** One block of an email: a paragraph of text, or a link with its label. */
export type MailPart = { text: string } | { link: string; label: string };

export interface MailContent {
  subject: string;
  parts: MailPart[];
  /** Footer link: stop email about this document. */
  unsubscribeUrl: string | null;
}

export function renderText(content: MailContent): string {
  const lines = content.parts.map((p) => ('link' in p ? `${p.label}: ${p.link}` : p.text));
  if (content.unsubscribeUrl) lines.push('', `No more email about this document: ${content.unsubscribeUrl}`);
  return `${lines.join('\n\n')}\n`;
}

export function renderHtml(content: MailContent): string {
  const body = content.parts.map((p) =>
    'link' in p
      ? `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p>`
      : `<p>${escapeHtml(p.text).replace(/\n/g, '<br>')}</p>`,
  );
  if (content.unsubscribeUrl)
    body.push(`<p><small><a href="${escapeHtml(content.unsubscribeUrl)}">No more email about this document</a></small></p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head><body>${body.join('')}</body></html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** A deadline as the commission reads it, on its wall clock (TIME_ZONE): "Fri 14 March 2031, 17:00 Europe/Brussels". */
export function readableDeadline(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day.replace(',', '')}, ${time} ${timeZone}`;
}
