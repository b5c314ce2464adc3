import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  messages: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Collects JSON POSTs on 127.0.0.1. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const messages: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        messages.push(JSON.parse(body) as Record<string, unknown>);
      } catch {
        messages.push({ invalid: body });
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    messages,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
