import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface HttpReceiver {
  url: string;
  requests: CapturedRequest[];
  /** Replies to send, in order; once used up, every request gets `fallback`. */
  replies: Reply[];
  fallback: Reply;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records each request and answers with scripted replies. */
export async function startHttpReceiver(fallback: Reply = { status: 200, body: 'ok' }): Promise<HttpReceiver> {
  const r: Omit<HttpReceiver, 'url' | 'close'> = { requests: [], replies: [], fallback };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        /* not JSON: keep rawBody only */
      }
      r.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, json });
      const reply = r.replies.shift() ?? r.fallback;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(r, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export { closedPort } from '../support/closed-port.ts';
