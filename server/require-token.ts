import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.ts';

/** Requires `Authorization: Bearer <token>`, compared in constant time; 401 JSON otherwise. */
export function requireToken(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, res, next) => {
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.set('www-authenticate', 'Bearer');
    next(new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer <api.token>)'));
  };
}
