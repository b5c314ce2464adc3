/** In-memory lookup of the configured zones: name + qtype → answers, with NXDOMAIN / NODATA / REFUSED semantics. */
import type { Answer } from 'dns-packet';
import type { DnsSide } from '../../core/dns-provider.ts';
import type { DnsZoneConfig } from './zone-config.ts';

/** Which side each failover record currently serves; must be synchronous and cheap. */
export interface SideLookup {
  get(record: string): DnsSide;
}

export const QTYPE = { A: 1, NS: 2, SOA: 6, AAAA: 28, IXFR: 251, AXFR: 252, ANY: 255 } as const;

type RRSet =
  { kind: 'static'; answers: Answer[] } | { kind: 'failover'; record: string; primary: Answer[]; secondary: Answer[] };

interface IndexedZone {
  name: string;
  /** Owner name → qtype → rrset. */
  nodes: Map<string, Map<number, RRSet>>;
  /** Empty non-terminals: names with no records but with records below them (NODATA, not NXDOMAIN). */
  ents: Set<string>;
  /** SOA for the authority section of negative answers (TTL = min(SOA ttl, minimum), RFC 2308). */
  negativeSoa: Answer;
}

export interface Resolution {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
}

const REFUSED: Resolution = { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };

export class ZoneIndex {
  private readonly zones = new Map<string, IndexedZone>();

  constructor(zones: readonly DnsZoneConfig[]) {
    for (const zone of zones) this.zones.set(zone.name, indexZone(zone));
  }

  /**
   * Resolves a question. `labels` are the lowercased wire labels of the query name; a label containing a
   * dot can never match one of our names (it would otherwise alias `a.b` + `c` to `a` + `b.c`).
   */
  resolve(labels: readonly string[], qtype: number, sides: SideLookup): Resolution {
    let zone: IndexedZone | undefined;
    let suffix = '';
    for (let i = labels.length - 1; i >= 0; i--) {
      const label = labels[i] as string;
      if (label.includes('.')) break;
      suffix = suffix === '' ? label : `${label}.${suffix}`;
      zone = this.zones.get(suffix) ?? zone;
    }
    if (!zone) return REFUSED;
    if (qtype === QTYPE.AXFR || qtype === QTYPE.IXFR) return REFUSED;

    const exact = labels.some((l) => l.includes('.')) ? undefined : labels.join('.');
    const node = exact === undefined ? undefined : zone.nodes.get(exact);
    if (!node) {
      const nodata = exact !== undefined && zone.ents.has(exact);
      return {
        rcode: nodata ? 'NOERROR' : 'NXDOMAIN',
        authoritative: true,
        answers: [],
        authorities: [zone.negativeSoa],
      };
    }

    const answers: Answer[] = [];
    if (qtype === QTYPE.ANY) {
      for (const set of node.values()) answers.push(...pick(set, sides));
    } else {
      const set = node.get(qtype);
      if (set) answers.push(...pick(set, sides));
    }
    return { rcode: 'NOERROR', authoritative: true, answers, authorities: answers.length ? [] : [zone.negativeSoa] };
  }
}

function pick(set: RRSet, sides: SideLookup): Answer[] {
  if (set.kind === 'static') return set.answers;
  return sides.get(set.record) === 'secondary' ? set.secondary : set.primary;
}

function indexZone(zone: DnsZoneConfig): IndexedZone {
  const nodes = new Map<string, Map<number, RRSet>>();
  const add = (name: string, qtype: number, set: RRSet): void => {
    const node = nodes.get(name) ?? new Map<number, RRSet>();
    node.set(qtype, set);
    nodes.set(name, node);
  };
  const { soa } = zone;
  const soaData = {
    mname: soa.mname,
    rname: soa.rname,
    serial: soa.serial,
    refresh: soa.refresh,
    retry: soa.retry,
    expire: soa.expire,
    minimum: soa.minimum,
  };
  add(zone.name, QTYPE.SOA, {
    kind: 'static',
    answers: [{ type: 'SOA', name: zone.name, ttl: soa.ttl, data: soaData }],
  });
  add(zone.name, QTYPE.NS, {
    kind: 'static',
    answers: zone.nameservers.map((ns): Answer => ({ type: 'NS', name: zone.name, ttl: soa.ttl, data: ns })),
  });

  for (const r of zone.records) {
    const qtype = QTYPE[r.type];
    const answersOf = (values: string[]): Answer[] =>
      values.map((data): Answer => ({ type: r.type, name: r.name, ttl: r.ttl, data }));
    if (r.kind === 'static') add(r.name, qtype, { kind: 'static', answers: answersOf(r.values) });
    else
      add(r.name, qtype, {
        kind: 'failover',
        record: r.name,
        primary: answersOf(r.primary),
        secondary: answersOf(r.secondary),
      });
  }

  const ents = new Set<string>();
  for (const name of nodes.keys()) {
    for (let n = parentOf(name); n !== undefined && n.length > zone.name.length; n = parentOf(n)) {
      if (!nodes.has(n)) ents.add(n);
    }
  }
  const negativeSoa: Answer = { type: 'SOA', name: zone.name, ttl: Math.min(soa.ttl, soa.minimum), data: soaData };
  return { name: zone.name, nodes, ents, negativeSoa };
}

function parentOf(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot === -1 ? undefined : name.slice(dot + 1);
}
