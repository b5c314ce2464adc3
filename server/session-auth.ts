import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '../core/logger.ts';
import { HttpError } from './http-error.ts';
import { routeErrors } from './route-errors.ts';
import type { Session, SessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'canarykit_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const bearerOf = (req: Request): string => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';

async function sessionOf(req: Request, sessions: SessionStore): Promise<{ id: string; session: Session } | undefined> {
  const id = cookieOf(req, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await sessions.get(id);
  return session ? { id, session } : undefined;
}

/**
 * With `api.token` set, every /api route takes either `Authorization: Bearer <token>` (scripts) or the dashboard's
 * session cookie; a state-changing request on a session also needs its CSRF token in `X-CSRF-Token` (403 without).
 * Who asked (`token` / `session`) is left in `res.locals.auth` for the audits.
 */
export function requireTokenOrSession(token: string, sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    if (same(bearerOf(req), token)) {
      res.locals.auth = 'token';
      return next();
    }
    sessionOf(req, sessions)
      .then((found) => {
        if (!found) {
          res.set('www-authenticate', 'Bearer');
          return next(
            new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer <api.token>), and no session'),
          );
        }
        if (!SAFE.has(req.method) && !same(req.get('x-csrf-token') ?? '', found.session.csrf))
          return next(new HttpError(403, 'a session needs its CSRF token in the X-CSRF-Token header for this request'));
        res.locals.auth = 'session';
        next();
      })
      .catch(next);
  };
}

function setCookie(req: Request, res: Response, value: string, maxAgeS: number): void {
  const secure = req.secure ? '; Secure' : '';
  res.append(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`,
  );
}

/**
 * `POST /api/session` `{ token }` signs in (sets the HttpOnly, SameSite=Strict session cookie and answers the CSRF
 * token), `GET /api/session` says whether the caller is signed in, `DELETE /api/session` signs out. Mounted before
 * the token check. Without a token configured every caller is signed in.
 */
export function sessionRoutes(token: string | undefined, sessions: SessionStore, log: Logger): Router {
  const r = express.Router();

  r.get('/api/session', async (req, res) => {
    if (!token) return void res.json({ signedIn: true, tokenRequired: false, csrfToken: null });
    if (same(bearerOf(req), token)) return void res.json({ signedIn: true, tokenRequired: true, csrfToken: null });
    const found = await sessionOf(req, sessions);
    res.json({ signedIn: !!found, tokenRequired: true, csrfToken: found?.session.csrf ?? null });
  });

  r.post('/api/session', express.json({ limit: '4kb' }), async (req, res) => {
    if (!token) return void res.json({ signedIn: true, tokenRequired: false, csrfToken: null });
    const given = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof given !== 'string') throw new HttpError(400, 'body must be JSON { "token": "<api.token>" }');
    if (!same(given, token)) throw new HttpError(401, 'wrong token');
    const { id, session } = await sessions.create();
    setCookie(req, res, id, Math.floor(sessions.ttlMs / 1000));
    res.json({ signedIn: true, tokenRequired: true, csrfToken: session.csrf });
  });

  r.delete('/api/session', async (req, res) => {
    const found = await sessionOf(req, sessions);
    if (found) {
      if (!same(req.get('x-csrf-token') ?? '', found.session.csrf))
        throw new HttpError(403, 'a session needs its CSRF token in the X-CSRF-Token header for this request');
      await sessions.delete(found.id);
    }
    setCookie(req, res, '', 0);
    res.json({ signedIn: false });
  });

  r.use(routeErrors(log, 'session'));
  return r;
}
