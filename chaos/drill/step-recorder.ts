import type { DrillStepOutcome, DrillStepRecord } from '../../core/drill.ts';
import type { EventPublisher } from '../../core/events.ts';

export type StepListener = (step: DrillStepRecord) => void | Promise<void>;

/** Records each step of a drill run (start, end, outcome), publishes it as a `DrillStep` and tells the listener. */
export class StepRecorder {
  readonly steps: DrillStepRecord[] = [];
  /** Once set (reverting), a throwing listener no longer stops anything: its error is kept in `listenerErrors`. */
  tolerant = false;
  readonly listenerErrors: string[] = [];

  constructor(
    private readonly events: EventPublisher,
    private readonly drillRunId: string,
    private readonly drill: string,
    private readonly listener?: StepListener,
  ) {}

  private async tell(rec: DrillStepRecord, alarms: readonly string[] | undefined): Promise<void> {
    const status = rec.outcome === undefined ? 'started' : rec.outcome === 'skipped' ? 'passed' : rec.outcome;
    await this.events.publish({
      type: 'DrillStep',
      drillRunId: this.drillRunId,
      drill: this.drill,
      phase: rec.phase,
      step: rec.step,
      status,
      at: rec.endedAt ?? rec.startedAt,
      ...(rec.detail !== undefined ? { detail: rec.detail } : {}),
      ...(alarms && alarms.length > 0 ? { alarms } : {}),
    });
    try {
      await this.listener?.({ ...rec });
    } catch (err) {
      if (!this.tolerant) throw err;
      this.listenerErrors.push((err as Error).message);
    }
  }

  async start(
    phase: string,
    step: string,
    extra: Pick<DrillStepRecord, 'expectation' | 'deadline'> & { alarms?: readonly string[] } = {},
  ): Promise<DrillStepRecord & { alarms?: readonly string[] }> {
    const { alarms, ...rest } = extra;
    const rec: DrillStepRecord & { alarms?: readonly string[] } = {
      phase,
      step,
      startedAt: new Date().toISOString(),
      ...rest,
    };
    this.steps.push(rec);
    await this.tell(rec, alarms);
    if (alarms) Object.defineProperty(rec, 'alarms', { value: alarms, enumerable: false });
    return rec;
  }

  async end(
    rec: DrillStepRecord & { alarms?: readonly string[] },
    outcome: DrillStepOutcome,
    detail?: string,
  ): Promise<void> {
    rec.endedAt = new Date().toISOString();
    rec.outcome = outcome;
    if (detail !== undefined) rec.detail = detail;
    await this.tell(rec, rec.alarms);
  }
}
