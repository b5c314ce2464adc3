/** URL handling of the broken-links crawler: skip patterns, normalisation, crawl scope. */

/**
 * A skip pattern as a RegExp. `/body/flags` and strings starting with `^` are regular expressions (unanchored
 * unless they anchor themselves); anything else is a glob matched against the whole URL, where `*` matches
 * within a path segment and `**` matches anything. Throws on an invalid regular expression.
 */
export function compilePattern(pattern: string): RegExp {
  const literal = /^\/(.+)\/([dgimsuy]*)$/.exec(pattern);
  if (literal) return new RegExp(literal[1] ?? '', (literal[2] ?? '').replace('g', ''));
  if (pattern.startsWith('^')) return new RegExp(pattern);
  const body = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** True when `url` (with or without its fragment) matches one of the patterns. */
export function skipMatcher(patterns: readonly string[]): (url: URL) => boolean {
  const res = patterns.map(compilePattern);
  if (res.length === 0) return () => false;
  return (url) => {
    const bare = withoutFragment(url);
    return res.some((re) => re.test(url.href) || re.test(bare));
  };
}

/** The URL without its `#fragment`: the key links are deduplicated by. */
export function withoutFragment(url: URL): string {
  return url.hash ? url.href.slice(0, url.href.length - url.hash.length) : url.href.replace(/#$/, '');
}

/** The fragment of a link, decoded; undefined when it has none, or one that needs no target (`#`, `#top`). */
export function targetFragment(url: URL): string | undefined {
  if (url.hash.length <= 1) return undefined;
  let frag = url.hash.slice(1);
  try {
    frag = decodeURIComponent(frag);
  } catch {
    // keep it as written
  }
  return frag.toLowerCase() === 'top' ? undefined : frag;
}

/** Resolves a link as written in a page; undefined for what is not an http(s) URL (mailto:, tel:, javascript:…). */
export function resolveLink(raw: string, base: string): URL | undefined {
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The origins a crawl may render pages from: the start URL's and the listed ones. */
export function crawlOrigins(start: string, extra: readonly string[]): Set<string> {
  return new Set([start, ...extra].map((u) => new URL(u).origin));
}

/** An HTML (or XHTML) content type. */
export function isHtml(contentType: string | undefined): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
}
