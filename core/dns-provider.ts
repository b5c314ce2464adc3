/**
 * The DNS provider port: a failover record points at its primary or its secondary values. The built-in
 * authoritative server is the first implementation; RFC 2136, Route 53 and Cloudflare follow. The
 * `dns-failover` / `dns-failback` actions and the drills' DNS faults and expectations use it.
 */
import type { ProviderCause } from './provider-cause.ts';

export type DnsSide = 'primary' | 'secondary';

/** The provider DNS actions use when they name none. */
export const DEFAULT_DNS_PROVIDER = 'builtin';

export type DnsRecordType = 'A' | 'AAAA';

/**
 * A record as an action names it. The built-in provider takes the values of each side from `dns.zones`;
 * providers that hold no zone config (rfc2136, the clouds) take them from the optional fields here.
 */
export interface DnsRecordTarget {
  record: string;
  /** The record type the sides hold (default `A`). */
  type?: DnsRecordType;
  /** The addresses of each side. */
  primary?: readonly string[];
  secondary?: readonly string[];
  /** The TTL a switch writes; the provider keeps the record's current TTL when absent. */
  ttl?: number;
}

export type DnsSwitchCause = ProviderCause;

/** What the provider's own state says a record holds. */
export interface DnsRecordReading {
  /** The record name, normalised (lowercase, no trailing dot). */
  record: string;
  /** `undefined` when the record holds values of neither side (changed outside canarykit). */
  side: DnsSide | undefined;
  /** The values it holds (A and AAAA together); empty when the provider cannot say. */
  values: readonly string[];
}

export interface DnsSwitchOutcome {
  record: string;
  /** False when the record already pointed at `to` (an idempotent no-op, audited too). */
  changed: boolean;
  from: DnsSide;
  to: DnsSide;
}

/** What the authoritative source answers right now. */
export interface DnsServedAnswer {
  record: string;
  /** The side the answered values match; `undefined` when they match neither. */
  side: DnsSide | undefined;
  values: readonly string[];
  /** Who answered, for details and reports: `udp 127.0.0.1:5353`, `route53 API`. */
  source: string;
}

/** One switch as the provider audited it (no-ops included). */
export interface DnsAuditEntry extends ProviderCause {
  time: string;
  record: string;
  from: DnsSide;
  to: DnsSide;
  changed: boolean;
}

/**
 * A DNS provider. Calls reject with a `ProviderError` (`retryable: false` for a record it does not manage or a
 * conflicting change by someone else) or any other error (treated as retryable).
 */
export interface DnsProvider {
  readonly type: string;
  /** The values `target` serves on `side` per the configuration; undefined when the provider cannot say. */
  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined;
  /** The side the record holds, from the provider's state (its store, or its API). */
  read(target: DnsRecordTarget): Promise<DnsRecordReading>;
  /** Points the record at `side`, atomically against concurrent callers; persisted and audited. */
  setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome>;
  /**
   * Asks the authoritative source what it serves now (a DNS query to the server, the provider's API), so a
   * switch can be confirmed as a fact; undefined when this process has no way to ask.
   */
  served(target: DnsRecordTarget): Promise<DnsServedAnswer | undefined>;
  /** Audit entries, newest first; of one record when given. */
  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]>;
}
