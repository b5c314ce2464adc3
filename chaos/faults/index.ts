import type { FaultPlugin, FaultSpec } from '../../core/fault.ts';
import { commandFault } from './command/command-fault.ts';
import { containerFault } from './container/index.ts';
import { dnsFault } from './dns/dns-fault.ts';
import { httpFault } from './http/index.ts';
import { processFault } from './process/process-fault.ts';

/**
 * Every fault type, one line each: `<type>: <plugin>` (a folder under `chaos/faults/`). The drill loader, the
 * fault controller, the CLI and the API look types up here.
 */
export const faultPlugins: Readonly<Record<string, FaultPlugin<FaultSpec>>> = {
  http: httpFault as FaultPlugin<FaultSpec>,
  dns: dnsFault as FaultPlugin<FaultSpec>,
  process: processFault as FaultPlugin<FaultSpec>,
  container: containerFault as FaultPlugin<FaultSpec>,
  command: commandFault as FaultPlugin<FaultSpec>,
};

/** The plugin of `type`, or undefined for an unknown type. */
export function faultPlugin(type: string): FaultPlugin<FaultSpec> | undefined {
  return Object.hasOwn(faultPlugins, type) ? faultPlugins[type] : undefined;
}
