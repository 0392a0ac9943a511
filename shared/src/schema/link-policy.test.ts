/**
 * Issue 12 (Low): the editor accepted `//host` links that every export refuses.
 * The link rule in the shared schema is the exports' safeHref.
 */
import { describe, expect, it } from 'vitest';
import { concordExtensions } from './extensions.js';
import { safeHref } from '../export/links.js';

type IsAllowedUri = (
  url: string,
  ctx: { defaultValidate: (url: string) => boolean; protocols: string[]; defaultProtocol: string },
) => boolean;

function editorLinkRule(): IsAllowedUri {
  const kit = concordExtensions().find((e) => e.name === 'starterKit') as { options: { link: { isAllowedUri: IsAllowedUri } } };
  return kit.options.link.isAllowedUri;
}

describe('links the editor accepts', () => {
  const allowed = (url: string) => editorLinkRule()(url, { defaultValidate: () => true, protocols: [], defaultProtocol: 'https' });

  it('refuses protocol-relative //host links, which the exports refuse too', () => {
    for (const url of ['//evil.example/x', ' //evil.example', '//']) {
      expect(allowed(url), url).toBe(false);
      expect(safeHref(url), url).toBeNull();
    }
  });

  it('accepts web and mail links', () => {
    for (const url of ['https://example.org/a', 'http://example.org', 'mailto:a@example.org']) {
      expect(allowed(url), url).toBe(true);
    }
  });

  it('refuses in-page #anchor links, which every export writes as text (nothing keeps their targets)', () => {
    for (const url of ['#section-2', '#', ' #notes']) {
      expect(allowed(url), url).toBe(false);
      expect(safeHref(url), url).toBeNull();
    }
  });

  it('refuses other schemes even when the default validation would let them through', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org']) expect(allowed(url), url).toBe(false);
  });
});
