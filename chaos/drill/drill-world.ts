import type { DnsServedAnswer, DnsSide } from '../../core/dns-provider.ts';
import type { EventStream } from '../../core/events.ts';
import type { AlarmState, RunStatus } from '../../core/types.ts';

/** The latest run of a canary, as the run store has it. */
export interface LatestRun {
  runId: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string;
}

/**
 * What a drill reads about the running system: implemented by the composition root (`stack/drill-world.ts`) over
 * the stores, the providers and the event stream shared with `canary up`. The drill never reaches into the engine.
 */
export interface DrillWorld {
  /** What happened, across processes: the drill subscribes before its first step and waits on events. */
  events: EventStream;
  /** Current state of each alarm (metric or composite). */
  alarmStates(names: readonly string[]): Promise<Record<string, AlarmState>>;
  /** The newest run of `canary`, undefined when it never ran. */
  latestRun(canary: string): Promise<LatestRun | undefined>;
  /** What the authoritative DNS source serves for a failover record now (the DNS provider's `served()`). */
  served(record: string): Promise<DnsServedAnswer | undefined>;
  /** The values a failover record serves on `side`, per the configuration. */
  values(record: string, side: DnsSide): readonly string[] | undefined;
  /** When an action issued its change for a transition (`issuedAt` in its alarm-history data), when it says. */
  actionIssuedAt(alarm: string, transitionId: string, action: string): Promise<string | undefined>;
  /** Our own DNS server, the client-side vantage point when a drill names no `observe.resolvers`. */
  ownDnsServer(): { host: string; port: number } | undefined;
}
