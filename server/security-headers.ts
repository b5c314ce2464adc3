import type { RequestHandler } from 'express';

/**
 * Defaults for every answer: `nosniff`, and a CSP that allows nothing (a JSON answer needs no resources; a route that
 * serves HTML, an artifact or an SVG sets its own, still without inline scripts), no framing, no referrer.
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    next();
  };
}
