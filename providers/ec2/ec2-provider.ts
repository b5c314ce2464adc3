/**
 * The `ec2` recovery provider: recovers, reboots, starts, stops or terminates an instance with `@aws-sdk/client-ec2`
 * (credentials from the standard AWS chain), then waits for EC2's own signal: `instance-status-ok` (running, both
 * status checks passed) for the modes that bring it back. A dry run asks EC2 itself (`DryRun`) whether the call
 * would be allowed.
 */
import {
  DescribeInstanceStatusCommand,
  EC2Client,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ProviderError } from '../../core/provider.ts';
import type { RecoveryOutcome, RecoveryProvider, RecoveryRequest, TargetHealth } from '../../core/recovery-provider.ts';
import { awsError } from '../aws-sdk-error.ts';
import type { Ec2Target } from './ec2-target.ts';
import { describeInstance, instanceVerdict, instanceView, type InstanceView } from './instance-health.ts';

export interface Ec2RecoveryProviderOptions {
  /** Makes the client of a region and endpoint (default: the SDK's, standard credential chain). */
  client?: (region: string, endpoint: string | undefined) => EC2Client;
  now?: () => Date;
}

type Call = 'stop' | 'start' | 'reboot' | 'terminate';

export class Ec2RecoveryProvider implements RecoveryProvider<Ec2Target> {
  readonly type = 'ec2';
  private readonly clients = new Map<string, EC2Client>();
  private readonly now: () => Date;

  constructor(private readonly o: Ec2RecoveryProviderOptions = {}) {
    this.now = o.now ?? (() => new Date());
  }

  label(t: Ec2Target): string {
    return `instance ${t.instanceId} (${t.region})`;
  }

  async health(t: Ec2Target, signal?: AbortSignal): Promise<TargetHealth> {
    return this.healthOf(await this.view(t, signal));
  }

  async recover(t: Ec2Target, request: RecoveryRequest): Promise<RecoveryOutcome> {
    const before = await this.view(t, request.signal);
    if (before.state === 'terminated' || before.state === 'shutting-down')
      throw new ProviderError(`${this.label(t)} is ${before.state}: it cannot be recovered`, { retryable: false });
    const calls = plan(t.mode, before);
    const comesBack = t.mode !== 'stop' && t.mode !== 'terminate';
    const shown = calls.length ? calls.join(' then ') : 'nothing (already running)';
    const wait = comesBack
      ? `wait up to ${t.waitSeconds} s for instance-status-ok`
      : `wait for it to be ${t.mode === 'stop' ? 'stopped' : 'terminated'}`;
    if (request.dryRun) {
      const allowed = calls[0] ? await this.dryRunAllowed(t, calls[0], request.signal) : 'nothing to call';
      return {
        status: 'dry-run',
        detail: `would ${shown} ${this.label(t)} (${describeInstance(before)}), then ${wait}; EC2 says: ${allowed}`,
      };
    }

    const issuedAt = this.now().toISOString();
    const deadline = Date.now() + t.waitSeconds * 1000;
    for (const c of calls) {
      await this.call(t, c, false, request.signal);
      // A stop must finish before the start: EC2 refuses to start a stopping instance.
      if (c === 'stop' && calls.length > 1) {
        const stopped = await this.until(t, deadline, request.signal, (v) => v.state === 'stopped');
        if (stopped.state !== 'stopped')
          return {
            status: 'done',
            detail: `Stopped ${this.label(t)}; not stopped after ${t.waitSeconds} s: ${describeInstance(stopped)}`,
            issuedAt,
            health: this.healthOf(stopped),
          };
      }
    }
    const goal = comesBack
      ? (v: InstanceView) => instanceVerdict(v) === 'healthy'
      : (v: InstanceView) => v.state === (t.mode === 'stop' ? 'stopped' : 'terminated');
    const after = await this.until(t, deadline, request.signal, goal);
    const health = this.healthOf(after);
    const done = cap(`${shown} ${this.label(t)}`);
    if (!goal(after))
      return {
        status: 'done',
        detail: `${done}; not there after ${t.waitSeconds} s: ${health.detail}`,
        issuedAt,
        health,
      };
    const secs = ((Date.parse(health.at) - Date.parse(issuedAt)) / 1000).toFixed(1);
    if (!comesBack) return { status: 'done', detail: `${done}; ${health.detail} ${secs} s after`, issuedAt, health };
    return {
      status: 'done',
      detail: `${done}; instance-status-ok ${secs} s after`,
      issuedAt,
      targetUpAt: health.at,
      health,
    };
  }

  /** Closes the clients it made. */
  async close(): Promise<void> {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  private client(t: Ec2Target): EC2Client {
    const key = `${t.region} ${t.endpoint ?? ''}`;
    let c = this.clients.get(key);
    if (!c) {
      c =
        this.o.client?.(t.region, t.endpoint) ??
        new EC2Client({ region: t.region, ...(t.endpoint !== undefined && { endpoint: t.endpoint }) });
      this.clients.set(key, c);
    }
    return c;
  }

  private async view(t: Ec2Target, signal: AbortSignal | undefined): Promise<InstanceView> {
    const res = await this.client(t)
      .send(
        new DescribeInstanceStatusCommand({ InstanceIds: [t.instanceId], IncludeAllInstances: true }),
        aborts(signal),
      )
      .catch((err: unknown) => {
        throw awsError(`DescribeInstanceStatus ${t.instanceId} in ${t.region}`, err);
      });
    const status = res.InstanceStatuses?.find((s) => s.InstanceId === t.instanceId);
    if (!status) throw new ProviderError(`${this.label(t)}: EC2 lists no such instance`, { retryable: false });
    return instanceView(t.instanceId, status);
  }

  private healthOf(v: InstanceView): TargetHealth {
    return { state: instanceVerdict(v), detail: describeInstance(v), at: this.now().toISOString() };
  }

  private async until(
    t: Ec2Target,
    deadline: number,
    signal: AbortSignal | undefined,
    goal: (v: InstanceView) => boolean,
  ): Promise<InstanceView> {
    for (;;) {
      const v = await this.view(t, signal);
      if (goal(v) || Date.now() >= deadline || signal?.aborted) return v;
      await new Promise((r) => setTimeout(r, Math.min(t.pollSeconds * 1000, Math.max(0, deadline - Date.now()))));
    }
  }

  private async call(t: Ec2Target, c: Call, dryRun: boolean, signal: AbortSignal | undefined): Promise<void> {
    const input = { InstanceIds: [t.instanceId], DryRun: dryRun };
    const command =
      c === 'stop'
        ? new StopInstancesCommand(input)
        : c === 'start'
          ? new StartInstancesCommand(input)
          : c === 'reboot'
            ? new RebootInstancesCommand(input)
            : new TerminateInstancesCommand(input);
    // The union of commands has no common `send` overload; each is sent as what it is.
    await (this.client(t).send(command as StartInstancesCommand, aborts(signal)) as Promise<unknown>).catch(
      (err: unknown) => {
        throw awsError(`${NAMES[c]} ${t.instanceId} in ${t.region}`, err);
      },
    );
  }

  /** EC2's own answer to a DryRun of the first call: allowed (DryRunOperation), or why not. */
  private async dryRunAllowed(t: Ec2Target, c: Call, signal: AbortSignal | undefined): Promise<string> {
    try {
      await this.call(t, c, true, signal);
      return `${NAMES[c]} would succeed`;
    } catch (err) {
      const cause = (err as { cause?: { name?: string } }).cause;
      if (cause?.name === 'DryRunOperation') return `${NAMES[c]} is allowed`;
      return `${NAMES[c]} would fail: ${(err as Error).message}`;
    }
  }
}

const NAMES: Record<Call, string> = {
  stop: 'StopInstances',
  start: 'StartInstances',
  reboot: 'RebootInstances',
  terminate: 'TerminateInstances',
};

function plan(mode: Ec2Target['mode'], v: InstanceView): Call[] {
  const down = v.state === 'stopped' || v.state === 'stopping';
  switch (mode) {
    case 'recover':
      return down ? ['start'] : ['stop', 'start'];
    case 'reboot':
      return down ? ['start'] : ['reboot'];
    case 'start':
      return instanceVerdict(v) === 'healthy' ? [] : ['start'];
    case 'stop':
      return ['stop'];
    case 'terminate':
      return ['terminate'];
  }
}

function aborts(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
