/**
 * The recovery provider port: bring a broken target (a process, a container, a pod, a VM) back. The `command`
 * provider is the first implementation; Docker, systemd, Kubernetes and EC2 follow. Recovery actions use it,
 * and the drills' faults use the same clients to break what it recovers.
 */
import type { z } from 'zod';
import type { ProviderCause } from './provider-cause.ts';

/** A target's health by the provider's own signal (a check command, the container state, instance status). */
export interface TargetHealth {
  /** `unknown` when the provider has no signal for this target. */
  state: 'healthy' | 'unhealthy' | 'unknown';
  /** What the signal said: `check exited 1: connection refused`, `container web-1 is exited (137)`. */
  detail: string;
  /** When it was observed (ISO). */
  at: string;
}

export interface RecoveryRequest {
  /** Say what would be done; change nothing. */
  dryRun: boolean;
  cause?: ProviderCause;
  /** Aborted when the caller gives up (shutdown); the provider stops waiting and cleans up. */
  signal?: AbortSignal;
}

export interface RecoveryOutcome {
  status: 'done' | 'dry-run';
  /** What was done, or would be: ``ran `supervisorctl restart web` (exit 0 in 1.2 s); check passed 0.4 s after``. */
  detail: string;
  /** When the recovery was issued (ISO); absent in a dry run. */
  issuedAt?: string;
  /**
   * When the provider's own signal first said the target is healthy after the recovery (ISO); absent when it
   * has no signal or the target did not come up within the provider's wait. Recovery verified by a canary
   * (`greenAt`) is the action's business, not the provider's.
   */
  targetUpAt?: string;
  /** The last health seen after the recovery. */
  health?: TargetHealth;
}

/**
 * A recovery provider. `T` is its target as parsed by its plugin's `targetSchema`. Calls reject with a
 * `ProviderError` whose `retryable` says whether another attempt may help, or any other error (retryable).
 * Rate limits, "already healthy" no-ops and canary verification belong to the recovery action, so every
 * provider gets them the same.
 */
export interface RecoveryProvider<T = unknown> {
  readonly type: string;
  /** A short name of the target for details and logs: `container web-1`, ``command `pm2 restart web` ``. */
  label(target: T): string;
  health(target: T, signal?: AbortSignal): Promise<TargetHealth>;
  recover(target: T, request: RecoveryRequest): Promise<RecoveryOutcome>;
}
