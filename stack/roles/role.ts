import type { AlarmEngine } from '../../alarms/alarm-engine.ts';
import type { Project } from '../../config/project.ts';
import type { Clients } from '../clients.ts';

/** The parts a process can run; `canary up` runs them all, `canary worker` runs `worker` and `actions`. */
export type Role =
  'scheduler' | 'worker' | 'alarms' | 'actions' | 'api' | 'dns' | 'logs' | 'proxy' | 'faults' | 'streams';

/** What every role is started with. */
export interface RoleContext {
  /** The project in force: a reload swaps it, so read it when it is needed rather than once. */
  project(): Project;
  clients: Clients;
  /** Listen-port overrides (0 = ephemeral), for tests. */
  ports: { api?: number; dns?: number; syslogUdp?: number; syslogTcp?: number };
  /** The API's address for links in notifications, computed once from the config before any role starts. */
  apiBaseUrl: string | undefined;
}

/** What a started role tells the stack. */
export interface RoleOutputs {
  apiUrl: string;
  dnsPort: number;
  engine: AlarmEngine;
  /** Where the logs role's syslog listener listens. */
  syslog: { udpPort: number | undefined; tcpPort: number | undefined };
}

export interface RoleHandle extends Partial<RoleOutputs> {
  /** Applies a reloaded project (already swapped into the context). */
  reload?(): Promise<void>;
  close(): Promise<void>;
}

/** Starts one role: `(context) → closer`. A role that fails to start stops what it had started. */
export type RoleModule = (ctx: RoleContext) => Promise<RoleHandle>;
