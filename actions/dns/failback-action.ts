/** `dns-failback`: point a failover record back at its primary values. */
import { createDnsSwitchAction, type DnsSwitchActionOptions } from './switch-action.ts';

export const createDnsFailbackAction = (options: DnsSwitchActionOptions = {}) =>
  createDnsSwitchAction('dns-failback', 'primary', options);

/** Plugin without zone knowledge (details lack the served values). Prefer `createDnsFailbackAction({ zones })`. */
export const dnsFailback = createDnsFailbackAction();
