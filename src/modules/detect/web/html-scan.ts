/**
 * A tolerant one-pass HTML scanner for saved pages: it never fails on broken markup (phishing kits are
 * rarely valid HTML) and collects only what page analysis reads — title, visible text, form fields
 * with the words around them, images, iframes, links and script bodies.
 */

export interface ScannedInput {
  readonly type: string;
  /** name, id, placeholder, aria-label, autocomplete and the text just before the field, lower-cased. */
  readonly descriptor: string;
}

export interface ScannedPage {
  readonly title: string;
  readonly text: string;
  readonly meta: string;
  readonly inputs: readonly ScannedInput[];
  readonly forms: readonly { readonly action: string }[];
  readonly images: readonly { readonly src: string; readonly alt: string }[];
  readonly iframes: readonly { readonly src: string; readonly hidden: boolean }[];
  readonly links: readonly { readonly href: string; readonly download: boolean }[];
  readonly scripts: readonly string[];
}

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export const decodeEntities = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
        if (e[0] === '#') {
          const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
        }
        return ENTITIES[e.toLowerCase()] ?? m;
      });

export const parseAttributes = (raw: string): Map<string, string> => {
  const out = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(raw); m; m = ATTR.exec(raw)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
};

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'noscript', 'template']);
const CLOSERS: ReadonlyMap<string, RegExp> = new Map(
  [...RAW_TEXT].map((t) => [t, new RegExp(`</${t}`, 'gi')]),
);

const isHiddenFrame = (a: Map<string, string>): boolean => {
  const style = (a.get('style') ?? '').replace(/\s+/g, '').toLowerCase();
  const w = a.get('width') ?? '';
  const h = a.get('height') ?? '';
  return (
    a.has('hidden') ||
    /display:none|visibility:hidden|opacity:0(?![.\d])|(width|height):0(px)?(;|$)/.test(style) ||
    w === '0' ||
    h === '0' ||
    w === '1' ||
    h === '1'
  );
};

export const scanHtml = (html: string): ScannedPage => {
  const textParts: string[] = [];
  let title = '';
  let meta = '';
  const inputs: ScannedInput[] = [];
  const forms: { action: string }[] = [];
  const images: { src: string; alt: string }[] = [];
  const iframes: { src: string; hidden: boolean }[] = [];
  const links: { href: string; download: boolean }[] = [];
  const scripts: string[] = [];
  let recent = '';
  let last = 0;
  let inTitle = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const between = html.slice(last, m.index);
    if (between.trim() !== '') {
      const text = decodeEntities(between.replace(/\s+/g, ' '));
      if (inTitle) title += text;
      textParts.push(text);
      recent = (recent + ' ' + text).slice(-60);
    }
    last = TAG.lastIndex;
    const name = (m[2] ?? '').toLowerCase();
    if (name === '') continue;
    const closing = m[1] === '/';
    if (name === 'title') {
      inTitle = !closing;
      continue;
    }
    if (closing) continue;
    const attrs = parseAttributes(m[3] ?? '');
    if (RAW_TEXT.has(name)) {
      const closer = CLOSERS.get(name);
      let end = -1;
      if (closer) {
        closer.lastIndex = last;
        end = closer.exec(html)?.index ?? -1;
      }
      const body = html.slice(last, end < 0 ? html.length : end);
      if (name === 'script')
        scripts.push(body + (attrs.get('src') ? `\n//src:${attrs.get('src') ?? ''}` : ''));
      if (name === 'textarea') {
        inputs.push({ type: 'textarea', descriptor: describe(attrs, recent) });
        recent = '';
      }
      last = end < 0 ? html.length : end;
      TAG.lastIndex = last;
      continue;
    }
    switch (name) {
      case 'input':
      case 'select': {
        const type = (attrs.get('type') ?? (name === 'select' ? 'select' : 'text')).toLowerCase();
        if (type !== 'hidden' && type !== 'submit' && type !== 'button' && type !== 'image')
          inputs.push({ type, descriptor: describe(attrs, recent) });
        // The words before the next field are its label, not this one's.
        recent = '';
        break;
      }
      case 'form':
        forms.push({ action: attrs.get('action') ?? '' });
        recent = '';
        break;
      case 'img':
        images.push({ src: attrs.get('src') ?? '', alt: attrs.get('alt') ?? attrs.get('title') ?? '' });
        break;
      case 'iframe':
      case 'frame':
        iframes.push({ src: attrs.get('src') ?? '', hidden: isHiddenFrame(attrs) });
        break;
      case 'a':
        links.push({ href: attrs.get('href') ?? '', download: attrs.has('download') });
        break;
      case 'meta': {
        const prop = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
        if (/site_name|title|description|application-name|keywords/.test(prop))
          meta += ` ${attrs.get('content') ?? ''}`;
        break;
      }
      default:
        break;
    }
  }
  const tail = html.slice(last);
  if (tail.trim() !== '') textParts.push(decodeEntities(tail.replace(/\s+/g, ' ')));
  return {
    title: title.trim(),
    text: textParts.join(' '),
    meta,
    inputs,
    forms,
    images,
    iframes,
    links,
    scripts,
  };
};

const describe = (a: Map<string, string>, recent: string): string =>
  [
    a.get('name'),
    a.get('id'),
    a.get('placeholder'),
    a.get('aria-label'),
    a.get('autocomplete'),
    a.get('title'),
    recent.slice(-24),
  ]
    .filter((x) => x !== undefined && x !== '')
    .join(' ')
    .toLowerCase();
