/** `dns-failback`: point a failover record back at its primary values. */
import { createDnsSwitchAction, type DnsSwitchActionOptions } from './switch-action.ts';

export const createDnsFailbackAction = (options: DnsSwitchActionOptions = {}) =>
  createDnsSwitchAction('dns-failback', 'primary', options);

/** The registered plugin; the values in its details come from the provider. */
export const dnsFailback = createDnsFailbackAction();
