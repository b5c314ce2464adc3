/** Waits until a DNS provider serves the side a switch asked for: "switched" becomes a fact, not a hope. */
import type { DnsProvider, DnsRecordTarget, DnsSide } from '../../core/dns-provider.ts';

export type Confirmation =
  | { result: 'served'; at: string; source: string }
  /** This process cannot ask what is served (the built-in server runs elsewhere). */
  | { result: 'unverifiable' }
  /** The stored side changed again (a later action) before ours was served: nothing left to confirm. */
  | { result: 'superseded'; side: DnsSide | undefined }
  | { result: 'not-served'; reason: string };

export async function confirmServed(
  dns: DnsProvider,
  target: DnsRecordTarget,
  side: DnsSide,
  timeoutMs: number,
  pollMs = 25,
): Promise<Confirmation> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      const answer = await dns.served(target);
      if (!answer) return { result: 'unverifiable' };
      if (answer.side === side) return { result: 'served', at: new Date().toISOString(), source: answer.source };
      const values = answer.values.length ? ` (${answer.values.join(', ')})` : '';
      last = `${answer.source} still serves ${answer.side ?? 'neither side'}${values}`;
      const stored = await dns.read(target);
      if (stored.side !== side) return { result: 'superseded', side: stored.side };
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() >= deadline) return { result: 'not-served', reason: `${last} after ${timeoutMs} ms` };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
