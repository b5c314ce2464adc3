/** Reads a page's links from the HTML the server sent, without a browser (render: 'never', and 'auto' for pages without scripts). */
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import type { FoundLink, RenderedPage } from './render.ts';

export interface ParsedPage extends RenderedPage {
  /**
   * Why the page's links could depend on JavaScript (`<script>`, `<noscript>`, `<template>`, `onload=`…), the first
   * such thing seen; absent when nothing on the page runs or hides content from a parser.
   */
  scripted?: string;
  /**
   * What runs on the page, when it is scripted: each running script's resolved `src` or a digest of its inline
   * text, and every `<noscript>`, `<template>` and `on…=` handler, in order. Pages with the same signature run the
   * same code (see script-families.ts).
   */
  scriptSignature?: string;
}

/** The bytes of an HTML answer, as the HTTP check read them. */
export interface PageBody {
  bytes: Buffer;
  contentType?: string;
  contentEncoding?: string;
}

/** What `clean` keeps of a text; collecting stops a little past it. */
const TEXT_MAX = 120;

/** Whitespace collapsed and trimmed, at most 120 characters: as the rendered path reads texts. */
const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, TEXT_MAX);

/** Elements whose content a browser does not put in the document as elements. */
const INERT = new Set(['template', 'iframe', 'noembed', 'noframes']);

/** `<script type>` values a browser runs; anything else (`application/ld+json`, `text/template`, `importmap`…) is a data block. */
function runs(type: string | undefined): boolean {
  const t = (type ?? '').trim().toLowerCase();
  return t === '' || t === 'module' || /(java|ecma|j|live)script/.test(t);
}

interface Anchor {
  href: string;
  /** textContent, whitespace already collapsed, collected until it is long enough. */
  text: string;
  /** Still receiving text: a later `<a>` ends it, as browsers' parsers do. */
  open: boolean;
  aria?: string;
  title?: string;
  /** alt of the first `img[alt]` inside. */
  alt?: string;
}

/**
 * The links of an HTML document as the rendered path finds them, in the same order: `a[href]` (with its text, or
 * its aria-label, title or image alt), `img[src]`, `script[src]`, `link[href]` (not preconnect/dns-prefetch).
 * Relative links resolve against the first `<base href>`, else `url`. The content of `<template>` (inert) and of
 * `<iframe>`, `<noembed>`, `<noframes>` (raw text to a browser) is skipped; `<noscript>` content is read (it is what a
 * browser without JavaScript shows). Malformed nesting that a browser's tree builder repairs by splitting an `<a>`
 * (e.g. `<p><a>…<p>…</a>`) can give another text for that link; the links found are the same. With `withAnchors`,
 * element ids and `a[name]`s are listed for fragment checks.
 */
export function parseHtml(html: string, url: string, withAnchors: boolean): ParsedPage {
  const anchors: Anchor[] = [];
  /** Every open `a` element (with or without href), innermost last; null for one without href. */
  const aStack: Array<Anchor | null> = [];
  const images: FoundLink[] = [];
  const scripts: FoundLink[] = [];
  const links: FoundLink[] = [];
  const ids: string[] = [];
  const names: string[] = [];
  let base: string | undefined;
  let scripted: string | undefined;
  /** The parts of the script signature; a part is `src <url>`, `inline` (its text follows), or an element. */
  const signature: string[] = [];
  /** Text of the inline script being read, if any. */
  let inlineScript: string | undefined;
  /** Depth inside elements whose content is not part of the document (`<template>`) or is raw text to a browser (`<iframe>`…). */
  let inert = 0;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (inert > 0) {
          if (INERT.has(name)) inert++;
          if (scripted === undefined && name === 'template') scripted = 'a <template>';
          if (name === 'template') signature.push('<template>');
          return;
        }
        if (name === 'script' && runs(attribs.type)) {
          if (attribs.src === undefined) inlineScript = '';
          else signature.push(`src ${attribs.src}`);
        } else if (name === 'noscript' || name === 'template') signature.push(`<${name}>`);
        for (const k of Object.keys(attribs)) if (k.startsWith('on') && k.length > 2) signature.push(`${name} ${k}`);
        if (scripted === undefined) {
          if (name === 'script' && runs(attribs.type))
            scripted = attribs.src === undefined ? 'an inline <script>' : `<script src="${attribs.src}">`;
          else if (name === 'noscript' || name === 'template') scripted = `a <${name}>`;
          else {
            const handler = Object.keys(attribs).find((k) => k.startsWith('on') && k.length > 2);
            if (handler !== undefined) scripted = `an ${handler}= attribute on <${name}>`;
          }
        }
        if (withAnchors) {
          if (attribs.id !== undefined) ids.push(attribs.id);
          if (name === 'a' && attribs.name !== undefined) names.push(attribs.name);
        }
        if (INERT.has(name)) {
          inert = 1;
          return;
        }
        switch (name) {
          case 'a': {
            for (const a of aStack) if (a) a.open = false;
            const href = attribs.href;
            if (href === undefined) {
              aStack.push(null);
              break;
            }
            const a: Anchor = { href, text: '', open: true };
            if (attribs['aria-label'] !== undefined) a.aria = attribs['aria-label'];
            if (attribs.title !== undefined) a.title = attribs.title;
            anchors.push(a);
            aStack.push(a);
            break;
          }
          case 'img':
            if (attribs.alt !== undefined)
              for (const a of aStack) if (a?.open && a.alt === undefined) a.alt = attribs.alt;
            if (attribs.src !== undefined) images.push({ raw: attribs.src, element: '<img src>' });
            break;
          case 'script':
            if (attribs.src !== undefined) scripts.push({ raw: attribs.src, element: '<script src>' });
            break;
          case 'link': {
            if (attribs.href === undefined) break;
            const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
            if (rel.length > 0 && rel.every((r) => r === 'preconnect' || r === 'dns-prefetch')) break;
            links.push({
              raw: attribs.href,
              element: rel.length ? `<link rel="${rel.join(' ')}" href>` : '<link href>',
            });
            break;
          }
          case 'base':
            if (base === undefined && attribs.href !== undefined) base = resolve(attribs.href, url);
            break;
        }
      },
      onclosetag(name) {
        if (name === 'script' && inlineScript !== undefined) {
          const text = inlineScript.replace(/\s+/g, ' ').trim();
          signature.push(`inline ${createHash('sha1').update(text).digest('base64url')}`);
          inlineScript = undefined;
          return;
        }
        if (inert > 0) {
          if (INERT.has(name)) inert--;
          return;
        }
        if (name === 'a') aStack.pop();
      },
      ontext(data) {
        if (inlineScript !== undefined) {
          inlineScript += data;
          return;
        }
        if (inert > 0) return;
        for (const a of aStack) {
          // Collapsing as it goes gives what collapsing the whole text would; stop once the first 120 characters are fixed.
          if (a?.open && a.text.length <= TEXT_MAX + 1) a.text = (a.text + data).replace(/\s+/g, ' ').replace(/^ /, '');
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);

  const found: FoundLink[] = anchors.map((a) => {
    const text = clean(a.text) || clean(a.aria) || clean(a.title) || clean(a.alt);
    return text ? { raw: a.href, element: '<a href>', text } : { raw: a.href, element: '<a href>' };
  });
  found.push(...images, ...scripts, ...links);
  return {
    base: base ?? url,
    links: found,
    ...(withAnchors ? { anchors: [...ids, ...names] } : {}),
    ...(scripted === undefined ? {} : { scripted, scriptSignature: signatureOf(signature, base ?? url) }),
  };
}

/** The signature parts joined, script sources resolved against the document base (so `../_static/x.js` matches). */
function signatureOf(parts: readonly string[], base: string): string {
  return parts.map((p) => (p.startsWith('src ') ? `src ${resolve(p.slice(4), base)}` : p)).join('\n');
}

/** The document base URL a `<base href>` gives: resolved against the page; the page's own URL when it does not parse. */
function resolve(href: string, url: string): string {
  try {
    return new URL(href, url).href;
  } catch {
    return url;
  }
}

/** Most bytes a compressed page may grow to. */
const MAX_INFLATED = 32 * 1024 * 1024;

/**
 * The body as text: undone gzip/deflate/br (none is asked for, but some servers send it anyway), decoded with the
 * charset of the Content-Type, else of a `<meta>` in the first 1,024 bytes, else a BOM, else UTF-8.
 */
export function decodeHtml(body: PageBody): string {
  let bytes = body.bytes;
  const encoding = body.contentEncoding?.trim().toLowerCase();
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') bytes = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED });
    else if (encoding === 'deflate') bytes = inflateSync(bytes, { maxOutputLength: MAX_INFLATED });
    else if (encoding === 'br') bytes = brotliDecompressSync(bytes, { maxOutputLength: MAX_INFLATED });
  } catch {
    // read it as it came
  }
  const label = charsetOf(body.contentType) ?? sniffCharset(bytes) ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

function sniffCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}
