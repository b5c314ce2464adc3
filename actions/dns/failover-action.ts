/** `dns-failover`: point a failover record at its secondary values. */
import { createDnsSwitchAction, type DnsSwitchActionOptions } from './switch-action.ts';

export const createDnsFailoverAction = (options: DnsSwitchActionOptions = {}) =>
  createDnsSwitchAction('dns-failover', 'secondary', options);

/** The registered plugin; the values in its details come from the provider. */
export const dnsFailover = createDnsFailoverAction();
