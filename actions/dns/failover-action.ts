/** `dns-failover`: point a failover record at its secondary values. */
import { createDnsSwitchAction, type DnsSwitchActionOptions } from './switch-action.ts';

export const createDnsFailoverAction = (options: DnsSwitchActionOptions = {}) =>
  createDnsSwitchAction('dns-failover', 'secondary', options);

/** Plugin without zone knowledge (details lack the served values). Prefer `createDnsFailoverAction({ zones })`. */
export const dnsFailover = createDnsFailoverAction();
