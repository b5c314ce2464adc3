import { Resolver } from 'node:dns/promises';

/** Resolves an A record through our DNS server with Node's resolver (real UDP queries). */
export async function resolveA(port: number, name: string): Promise<string[]> {
  const r = new Resolver({ timeout: 1000, tries: 2 });
  r.setServers([`127.0.0.1:${port}`]);
  return r.resolve4(name);
}
