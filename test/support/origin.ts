import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface Origin {
  host: string;
  port: number;
  url: string;
  /** Stops listening (connections are refused) until `start()` is called again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  hits: number;
}

/** A tiny site on a loopback address that says "Welcome"; it can be stopped and restarted on its port. */
export async function startOrigin(host: string, label: string, port = 0, delayMs = 0): Promise<Origin> {
  const app = express();
  const origin: Origin = { host, port, url: '', hits: 0, stop: async () => {}, start: async () => {} };
  app.get('/', (_req, res) => {
    origin.hits += 1;
    const send = () => res.type('html').send(`<!doctype html><title>${label}</title><h1>Welcome to ${label}</h1>`);
    if (delayMs > 0) setTimeout(send, delayMs);
    else send();
  });
  let server: Server | undefined;
  origin.start = async () => {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(origin.port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    origin.port = (server.address() as AddressInfo).port;
    origin.url = `http://${host}:${origin.port}/`;
  };
  origin.stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await origin.start();
  return origin;
}
