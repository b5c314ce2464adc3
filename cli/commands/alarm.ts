import type { Command } from 'commander';
import type { Project } from '../../config/project.ts';
import { parseDuration } from '../../core/duration.ts';
import type { AlarmState } from '../../core/types.ts';
import { openAlarmSession, type AlarmSession } from '../alarm-session.ts';
import { loadOrExit } from '../load-or-exit.ts';

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const out = (s: string) => process.stdout.write(`${s}\n`);
const fail = (s: string, code = 2): never => {
  process.stderr.write(`✗ ${s}\n`);
  process.exit(code);
};

async function withSession(
  config: string | undefined,
  fn: (s: AlarmSession, p: Project) => Promise<void>,
): Promise<void> {
  const project = await loadOrExit(config ? { configPath: config } : {}, 2);
  let session: AlarmSession;
  try {
    session = await openAlarmSession(project);
  } catch (err) {
    return fail((err as Error).message, 1);
  }
  try {
    await fn(session, project);
  } finally {
    await session.close();
  }
}

function knownAlarm(p: Project, name: string): void {
  if (![...p.alarms, ...p.compositeAlarms].some((a) => a.name === name)) fail(`unknown alarm "${name}"`);
}

export function registerAlarm(program: Command): void {
  const alarm = program
    .command('alarm')
    .description("inspect and control alarms (reads and writes the project's Redis)");
  const cfg = (c: Command) => c.option('-c, --config <path>', 'config file (default: ./canary.config.ts)');

  cfg(alarm.command('list').description('every alarm with its state')).action(async (o: { config?: string }) =>
    withSession(o.config, async (s, p) => {
      const all = [
        ...p.alarms.map((a) => ({ name: a.name, type: 'metric' })),
        ...p.compositeAlarms.map((c) => ({ name: c.name, type: 'composite' })),
      ];
      const states = await s.store.getMany(all.map((a) => a.name));
      const w = Math.max(4, ...all.map((a) => a.name.length));
      out(`${'NAME'.padEnd(w)}  ${'TYPE'.padEnd(9)}  ${'STATE'.padEnd(17)}  SINCE                     REASON`);
      all.forEach((a, i) => {
        const st = states[i];
        out(
          `${a.name.padEnd(w)}  ${a.type.padEnd(9)}  ${(st?.state ?? '').padEnd(17)}  ${(st?.updatedAt ?? '').padEnd(24)}  ${st?.reason ?? ''}`,
        );
      });
    }),
  );

  cfg(
    alarm.command('describe').argument('<name>').description('definition, state, mute and recent history as JSON'),
  ).action(async (name: string, o: { config?: string }) =>
    withSession(o.config, async (s, p) => {
      knownAlarm(p, name);
      const definition = [...p.alarms, ...p.compositeAlarms].find((a) => a.name === name);
      out(
        JSON.stringify(
          {
            ...(await s.store.get(name)),
            mute: (await s.control.getMute(name)) ?? null,
            definition,
            history: await s.store.history(name, 10),
          },
          null,
          2,
        ),
      );
    }),
  );

  cfg(
    alarm
      .command('history')
      .argument('<name>')
      .description('history items, newest first')
      .option('--type <type>', 'StateUpdate, ConfigurationUpdate or Action')
      .option('--limit <n>', 'items', '50'),
  ).action(async (name: string, o: { config?: string; type?: string; limit: string }) =>
    withSession(o.config, async (s, p) => {
      knownAlarm(p, name);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) fail(`--limit: expected a positive whole number, got "${o.limit}"`);
      for (const h of await s.store.history(name, limit)) {
        if (o.type && h.type !== o.type) continue;
        out(`${h.timestamp}  ${h.type.padEnd(19)}  ${h.summary}${h.reason ? `\n${' '.repeat(47)}${h.reason}` : ''}`);
      }
    }),
  );

  cfg(
    alarm
      .command('set-state')
      .argument('<name>')
      .argument('<state>', STATES.join('|'))
      .requiredOption('--reason <text>', 'why (recorded in the history)')
      .description(
        'set the state as `aws cloudwatch set-alarm-state` does: actions fire, the next evaluation decides again',
      ),
  ).action(async (name: string, state: string, o: { config?: string; reason: string }) =>
    withSession(o.config, async (s, p) => {
      knownAlarm(p, name);
      if (!STATES.includes(state)) fail(`state: expected one of ${STATES.join(', ')}, got "${state}"`);
      const t = await s.control.setState(name, state as AlarmState, o.reason);
      out(
        t
          ? `${name}: ${t.oldState} → ${t.newState}${t.actions.length ? ` (actions queued: ${t.actions.join(', ')})` : ''}`
          : `${name} is already ${state}`,
      );
    }),
  );

  cfg(
    alarm
      .command('mute')
      .argument('<name>')
      .requiredOption('--for <duration>', 'e.g. 30m, 2h, 1d')
      .option('--reason <text>', 'why', 'muted from the CLI')
      .description("suppress the alarm's actions for a while; it keeps evaluating"),
  ).action(async (name: string, o: { config?: string; for: string; reason: string }) =>
    withSession(o.config, async (s, p) => {
      knownAlarm(p, name);
      let ms = 0;
      try {
        ms = parseDuration(o.for);
      } catch (err) {
        fail(`--for: ${(err as Error).message}`);
      }
      const m = await s.control.mute(name, ms, o.reason);
      out(`${name} muted until ${m.until}`);
    }),
  );

  cfg(alarm.command('unmute').argument('<name>').description('end a mute')).action(
    async (name: string, o: { config?: string }) =>
      withSession(o.config, async (s, p) => {
        knownAlarm(p, name);
        out((await s.control.unmute(name)) ? `${name} unmuted` : `${name} was not muted`);
      }),
  );
}
