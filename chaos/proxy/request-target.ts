/** The path of a request target without its query (`/a/b?x` → `/a/b`; absolute-form targets give their path). */
export function requestPath(url: string | undefined): string {
  if (!url) return '/';
  if (url.startsWith('/')) {
    const q = url.indexOf('?');
    return q === -1 ? url : url.slice(0, q);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The request target to send upstream: the upstream URL's path (if any) followed by the client's target. */
export function upstreamTarget(upstream: URL, url: string | undefined): string {
  let target = url ?? '/';
  if (!target.startsWith('/') && target !== '*') {
    try {
      const u = new URL(target);
      target = u.pathname + u.search;
    } catch {
      target = '/';
    }
  }
  const base = upstream.pathname.replace(/\/+$/, '');
  return base && target !== '*' ? base + target : target;
}
