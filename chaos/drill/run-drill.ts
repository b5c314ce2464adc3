import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  describeExpectation,
  type DrillDefinition,
  type DrillExpectation,
  type DrillFaultRecord,
  type DrillJournal,
  type DrillRevertRecord,
  type DrillStatus,
} from '../../core/drill.ts';
import type { FaultController, HeldFault } from '../../core/fault.ts';
import { Changes, pause } from './changes.ts';
import { DnsWatch } from './dns-watch.ts';
import type { DrillWorld } from './drill-world.ts';
import { DrillEventLog } from './event-log.ts';
import { awaitExpectation } from './expectation.ts';
import { computeMeasures } from './measures.ts';
import { observationsFrom } from './observations.ts';
import { awaitSteadyState } from './steady-state.ts';
import { StepRecorder, type StepListener } from './step-recorder.ts';
import type { DrillTargetLock } from './target-lock.ts';
import { buildTimeline, recordsOf } from './timeline.ts';

export interface RunDrillOptions {
  world: DrillWorld;
  /** Injects the faults; asked for only when the drill gets as far as injecting (not in a dry run). */
  controller: () => FaultController | Promise<FaultController>;
  lock: DrillTargetLock;
  /** Aborting it (SIGINT, SIGTERM) stops the drill and reverts; its `reason` (a string) says why in the journal. */
  signal?: AbortSignal;
  /** Validate, check the steady state, say what would be injected; inject nothing. */
  dryRun?: boolean;
  /** Told about every step as it starts and ends (the list reporter prints them). */
  onStep?: StepListener;
  /** Stores the journal (the drill-run store). */
  save?: (journal: DrillJournal) => Promise<void>;
}

const now = () => new Date().toISOString();
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs one drill: lock the targets, wait for the steady state, inject every fault, wait for the expectations in
 * parallel (each by its deadline from t0), hold, **always revert** (success, a failed expectation, a guard alarm,
 * the timeout, an error in our code, an aborted `signal`), then wait for the recover expectations from t7.
 * Everything is read from the event stream and the stores; the journal holds the steps, the timeline and the
 * measures.
 */
export async function runDrill(drill: DrillDefinition, opts: RunDrillOptions): Promise<DrillJournal> {
  const id = `drl-${randomUUID()}`;
  const owner = `${hostname()}:${process.pid}`;
  const startedAt = now();
  const abort = new AbortController();
  let abortReason: string | undefined;
  const stopWith = (reason: string) => {
    if (abort.signal.aborted) return;
    abortReason = reason;
    abort.abort(reason);
  };
  const external = opts.signal;
  const onExternal = () => stopWith(typeof external?.reason === 'string' ? external.reason : 'interrupted');
  if (external?.aborted) onExternal();
  external?.addEventListener('abort', onExternal, { once: true });
  const timeout = setTimeout(() => stopWith(`timed out after ${drill.timeout} s`), drill.timeout * 1000);

  const changes = new Changes();
  const steps = new StepRecorder(opts.world.events, id, drill.name, opts.onStep);
  const log = await DrillEventLog.open(opts.world.events, changes);
  const dns = await new DnsWatch(opts.world, recordsOf(drill), drill.observe.resolvers, changes).start();
  const faults: DrillFaultRecord[] = drill.faults.map((spec, i) => ({
    spec,
    target: drill.faultTargets[i] ?? spec.type,
  }));
  const held: HeldFault[] = [];
  const reverts: DrillRevertRecord[] = [];
  let status: DrillStatus = 'passed';
  let reason: string | undefined;
  let t0: string | undefined;
  let t7: string | undefined;
  let release: (() => Promise<void>) | undefined;
  const fail = (why: string) => {
    if (status === 'passed') [status, reason] = ['failed', why];
  };

  const expectAll = async (phase: 'expect' | 'recover', list: readonly DrillExpectation[], since: number) => {
    const results = await Promise.all(
      list.map(async (e) => {
        const deadline = since + e.within * 1000;
        const alarms = 'alarm' in e ? [e.alarm] : undefined;
        const rec = await steps.start(phase, describeExpectation(e), {
          expectation: e,
          deadline: new Date(deadline).toISOString(),
          ...(alarms ? { alarms } : {}),
        });
        const r = await awaitExpectation(e, {
          world: opts.world,
          log,
          dns,
          changes,
          since,
          deadline,
          signal: abort.signal,
        });
        await steps.end(rec, r.outcome, r.outcome === 'passed' ? `${r.detail} (at ${r.at})` : r.detail);
        return { e, r };
      }),
    );
    const failed = results.find((x) => x.r.outcome === 'failed');
    if (failed) fail(`${phase}: ${describeExpectation(failed.e)}: ${failed.r.detail}`);
  };

  /** Lock, steady state, inject, expect, hold; false when it stopped before injecting. */
  const body = async (): Promise<void> => {
    const lockStep = await steps.start('lock', drill.targets.join(', ') || '(no targets)');
    try {
      release = (await opts.lock.acquire(drill.targets, { drillRunId: id, drill: drill.name, owner })).release;
      await steps.end(lockStep, 'passed');
    } catch (err) {
      await steps.end(lockStep, 'failed', errorText(err));
      fail(errorText(err));
      return;
    }

    const steadyAlarms = Object.keys(drill.steadyState.alarms);
    const steady = await steps.start(
      'steady-state',
      `${steadyAlarms.length} alarms, ${drill.steadyState.canaries.length} canaries for ${drill.steadyState.for} s`,
      {
        alarms: steadyAlarms,
      },
    );
    const ss = await awaitSteadyState(drill, opts.world, log, changes, abort.signal);
    await steps.end(steady, ss.ok ? 'passed' : abort.signal.aborted ? 'aborted' : 'failed', ss.detail);
    if (!ss.ok) {
      if (!abort.signal.aborted) fail(`steady state not reached: ${ss.detail}`);
      return;
    }

    const guards = await opts.world.alarmStates(drill.abortOn);
    const tripped = drill.abortOn.find((a) => guards[a] === 'ALARM');
    if (tripped) {
      fail(`guard alarm ${tripped} is in ALARM before injecting`);
      return;
    }
    log.onEvent(({ event: e }) => {
      if (
        e.type === 'AlarmTransitioned' &&
        drill.abortOn.includes(e.transition.alarm) &&
        e.transition.newState === 'ALARM'
      )
        stopWith(`guard alarm ${e.transition.alarm} went to ALARM`);
    });

    if (opts.dryRun) {
      for (const f of faults) {
        f.dryRun = true;
        const rec = await steps.start('inject', `${f.spec.type} ${f.target}`);
        await steps.end(rec, 'skipped', `dry run: would inject ${JSON.stringify(f.spec)}`);
      }
      return;
    }

    const controller = await opts.controller();
    for (const f of faults) {
      if (abort.signal.aborted) break;
      const rec = await steps.start('inject', `${f.spec.type} ${f.target}`);
      try {
        const h = await controller.inject(f.spec, {
          drillRunId: id,
          ...(drill.lease !== undefined ? { leaseMs: drill.lease * 1000 } : {}),
        });
        held.push(h);
        f.id = h.fault.id;
        f.injectedAt = h.fault.injectedAt;
        t0 ??= h.fault.injectedAt;
        await steps.end(rec, 'passed', h.fault.id);
      } catch (err) {
        await steps.end(rec, 'failed', errorText(err));
        throw err;
      }
    }
    if (t0 !== undefined && !abort.signal.aborted) await expectAll('expect', drill.expect, Date.parse(t0));
    if (status === 'passed' && !abort.signal.aborted && drill.holdFor > 0) {
      const hold = await steps.start('hold', `${drill.holdFor} s`);
      await pause(drill.holdFor * 1000, abort.signal);
      await steps.end(hold, abort.signal.aborted ? 'aborted' : 'passed');
    }
  };

  let crashed = false;
  try {
    await body();
  } catch (err) {
    crashed = true;
    fail(`error: ${errorText(err)}`);
  } finally {
    steps.tolerant = true;
    await revertAll();
  }
  if (held.length > 0 && !abort.signal.aborted && !crashed) {
    try {
      steps.tolerant = false;
      await expectAll('recover', drill.recover, Date.parse(t7 ?? now()));
    } catch (err) {
      fail(`error: ${errorText(err)}`);
    }
  }
  return await finish();

  async function revertAll(): Promise<void> {
    for (const h of [...held].reverse()) {
      const rec = await steps.start('revert', h.fault.target);
      try {
        await h.revert('reverted');
        reverts.push({ faultId: h.fault.id, target: h.fault.target, outcome: 'reverted', at: now() });
        await steps.end(rec, 'passed');
      } catch (err) {
        reverts.push({
          faultId: h.fault.id,
          target: h.fault.target,
          outcome: 'failed',
          at: now(),
          error: errorText(err),
        });
        await steps.end(rec, 'failed', `${errorText(err)} (the lease ends it)`);
        fail(`revert of ${h.fault.target} failed: ${errorText(err)}`);
      }
    }
    if (held.length > 0) t7 = now();
  }

  async function finish(): Promise<DrillJournal> {
    clearTimeout(timeout);
    external?.removeEventListener('abort', onExternal);
    steps.tolerant = true;
    if (abortReason !== undefined) {
      const rec = await steps.start('abort', abortReason);
      await steps.end(rec, 'aborted');
      [status, reason] = ['aborted', abortReason];
    }
    await dns.stop();
    await log.close();
    await release?.();
    const endedAt = now();
    const seen = observationsFrom(log.events, dns.changes);
    const observations = {
      ...seen,
      actions: await Promise.all(
        seen.actions.map(async (a) => {
          const issuedAt =
            a.status === 'done'
              ? await opts.world.actionIssuedAt(a.alarm, a.transitionId, a.action).catch(() => undefined)
              : undefined;
          return issuedAt ? { ...a, issuedAt } : a;
        }),
      ),
    };
    const timeline = buildTimeline({ drill, t0, t7, observations });
    const journal: DrillJournal = {
      id,
      drill: drill.name,
      file: drill.file,
      status,
      ...(reason !== undefined ? { reason } : {}),
      dryRun: opts.dryRun ?? false,
      startedAt,
      endedAt,
      runner: owner,
      steps: steps.steps,
      faults,
      reverts,
      timeline,
      measures: computeMeasures(drill, timeline, observations, endedAt),
      observations,
    };
    const end = await steps.start('end', status);
    await steps.end(end, status === 'passed' ? 'passed' : status, reason);
    await opts.save?.(journal);
    return journal;
  }
}
