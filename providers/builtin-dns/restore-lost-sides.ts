import type { DnsSide } from '../../core/dns-provider.ts';
import type { Logger } from '../../core/logger.ts';
import type { DnsRecordStateStore } from './record-state-store.ts';

/** The audit reason of a side written back after Redis lost the DNS state. */
export const RESTORED_REASON =
  'restored: Redis lost the DNS state; this is the side the DNS server last served (an alarm transition, not the loss, decides a failback)';

/**
 * Writes the last known sides back into the store after Redis lost them, audited as restorations. A record some
 * action switched in the meantime is left as that action set it. Failures are logged; the cache keeps serving the
 * last known sides either way.
 */
export async function restoreLostSides(
  store: DnsRecordStateStore,
  lastKnown: ReadonlyMap<string, DnsSide>,
  log: Logger,
): Promise<void> {
  for (const [record, side] of lastKnown) {
    try {
      // Atomic: a side written since the loss (by an action, or another DNS process's restore) stands.
      const { restored } = await store.restoreSide(record, side, {
        alarm: '-',
        transitionId: `restore-${Date.now()}`,
        reason: RESTORED_REASON,
        action: 'restore-lost-state',
      });
      if (restored) log.warn({ record, side }, 'dns: side written back after Redis lost the DNS state');
    } catch (err) {
      log.error({ record, side, err }, 'dns: could not write back a side Redis lost');
    }
  }
}
