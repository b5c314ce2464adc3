/** An instance's health by EC2's own signal: its state and its two status checks (DescribeInstanceStatus). */
import type { InstanceStatus } from '@aws-sdk/client-ec2';

export interface InstanceView {
  id: string;
  /** pending, running, shutting-down, terminated, stopping, stopped; `missing` when EC2 lists no status. */
  state: string;
  /** ok, impaired, initializing, insufficient-data, not-applicable. */
  instanceStatus: string;
  systemStatus: string;
}

export function instanceView(id: string, s: InstanceStatus | undefined): InstanceView {
  return {
    id,
    state: s?.InstanceState?.Name ?? 'missing',
    instanceStatus: s?.InstanceStatus?.Status ?? 'not-applicable',
    systemStatus: s?.SystemStatus?.Status ?? 'not-applicable',
  };
}

/** Healthy: running with both checks `ok` (the `instance-status-ok` waiter's condition). */
export function instanceVerdict(v: InstanceView): 'healthy' | 'unhealthy' | 'unknown' {
  if (v.state === 'running') {
    if (v.instanceStatus === 'ok' && v.systemStatus === 'ok') return 'healthy';
    if (v.instanceStatus === 'impaired' || v.systemStatus === 'impaired') return 'unhealthy';
    return 'unknown';
  }
  return v.state === 'pending' ? 'unknown' : 'unhealthy';
}

/** `instance i-0abc is running, instance status impaired, system status ok`. */
export function describeInstance(v: InstanceView): string {
  if (v.state !== 'running') return `instance ${v.id} is ${v.state}`;
  if (v.instanceStatus === v.systemStatus) return `instance ${v.id} is running, status checks ${v.instanceStatus}`;
  return `instance ${v.id} is running, instance status ${v.instanceStatus}, system status ${v.systemStatus}`;
}
