import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NdjsonReceiver {
  url: string;
  /** Every line of every request it took (answered 200), parsed. */
  records: Array<Record<string, unknown>>;
  /** Requests it refused while down. */
  refused: number;
  /** While down, it answers 503 and keeps nothing. */
  down: boolean;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 taking NDJSON POSTs, that can be made to fail (503) and recover. */
export async function startNdjsonReceiver(): Promise<NdjsonReceiver> {
  const r: NdjsonReceiver = {
    url: '',
    records: [],
    refused: 0,
    down: false,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (r.down) {
        r.refused += 1;
        res.statusCode = 503;
        res.end('down for maintenance');
        return;
      }
      for (const line of body.split('\n')) if (line.trim()) r.records.push(JSON.parse(line) as Record<string, unknown>);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  r.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}
