import { Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import { AUTHORITATIVE_VANTAGE, type DrillObservations } from '../../core/drill.ts';
import type { DnsSide } from '../../core/dns-provider.ts';
import type { Changes } from './changes.ts';
import type { DrillWorld } from './drill-world.ts';

type DnsObservation = DrillObservations['dns'][number];

/** How often DNS answers are polled: they are the one thing with no event. */
export const DNS_POLL_MS = 50;

interface Vantage {
  name: string;
  ask(record: string): Promise<{ values: string[]; side: DnsSide | undefined; error?: string }>;
}

const same = (a: readonly string[], b: readonly string[] | undefined) =>
  b !== undefined && a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/**
 * Polls what the authoritative source serves (the DNS provider's `served()`) and what client-side vantage points
 * (recursive resolvers through node's `dns.Resolver`, else our own server) answer, for the records a drill names;
 * keeps every change with its time.
 */
export class DnsWatch {
  readonly changes: DnsObservation[] = [];
  private readonly latest = new Map<string, DnsObservation>();
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly world: DrillWorld,
    private readonly records: readonly string[],
    resolvers: readonly string[],
    private readonly notify: Changes,
  ) {
    const own = world.ownDnsServer();
    const servers = resolvers.length > 0 ? resolvers : own ? [`${own.host}:${own.port}`] : [];
    this.vantages = [
      {
        name: AUTHORITATIVE_VANTAGE,
        ask: async (record) => {
          const a = await world.served(record);
          return a
            ? { values: [...a.values], side: a.side }
            : { values: [], side: undefined, error: 'the DNS provider cannot say what it serves from here' };
        },
      },
      ...servers.map((server) => this.resolverVantage(resolvers.length > 0 ? 'resolver' : 'own', server)),
    ];
  }

  private readonly vantages: Vantage[];

  private resolverVantage(kind: string, server: string): Vantage {
    const resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([server]);
    return {
      name: `${kind} ${server}`,
      ask: async (record) => {
        const v6 = (this.world.values(record, 'primary') ?? []).some((v) => isIPv6(v));
        try {
          const values = v6 ? await resolver.resolve6(record) : await resolver.resolve4(record);
          const side = same(values, this.world.values(record, 'primary'))
            ? 'primary'
            : same(values, this.world.values(record, 'secondary'))
              ? 'secondary'
              : undefined;
          return { values, side };
        } catch (err) {
          return { values: [], side: undefined, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
        }
      },
    };
  }

  /** The newest answer of the authoritative source for `record`. */
  authoritative(record: string): DnsObservation | undefined {
    return this.latest.get(`${record}|${AUTHORITATIVE_VANTAGE}`);
  }

  /** Takes a first sample of every record and vantage point, then keeps polling until `stop`. */
  async start(): Promise<this> {
    if (this.records.length === 0) return this;
    await this.sample();
    this.loop = (async () => {
      while (!this.stopped) {
        await new Promise((r) => setTimeout(r, DNS_POLL_MS));
        if (!this.stopped) await this.sample();
      }
    })();
    return this;
  }

  private async sample(): Promise<void> {
    await Promise.all(
      this.records.flatMap((record) =>
        this.vantages.map(async (v) => {
          const answer = await v.ask(record).catch((err: unknown) => ({
            values: [] as string[],
            side: undefined,
            error: (err as Error).message,
          }));
          const key = `${record}|${v.name}`;
          const prev = this.latest.get(key);
          if (prev && prev.side === answer.side && prev.error === answer.error && same(prev.values, answer.values))
            return;
          const o: DnsObservation = {
            record,
            vantage: v.name,
            at: new Date().toISOString(),
            side: answer.side,
            values: answer.values,
            ...(answer.error !== undefined ? { error: answer.error } : {}),
          };
          this.latest.set(key, o);
          this.changes.push(o);
          this.notify.notify();
        }),
      ),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
