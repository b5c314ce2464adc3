import type { SecretSink } from '../../core/blueprint.ts';
import { SecretRegistry } from '../../core/secret-registry.ts';

/**
 * The run's secret sink (`ctx.secrets`), with a local copy so the blueprint can redact what it writes itself
 * (log lines sent to the worker's log, evidence cut to a length) before the runner redacts the stored record.
 */
export class RunSecrets implements SecretSink {
  private readonly local = new SecretRegistry();

  constructor(private readonly sink: SecretSink) {}

  add(value: string): void {
    this.local.add(value);
    this.sink.add(value);
  }

  redact<T>(value: T): T {
    return this.local.size > 0 ? this.local.redact(value) : value;
  }
}
