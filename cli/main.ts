import { Command, Option } from 'commander';
import { setLogFormat } from '../core/logger.ts';
import { registerAction } from './commands/action.ts';
import { registerAlarm } from './commands/alarm.ts';
import { registerBaseline } from './commands/baseline.ts';
import { registerLogs } from './commands/logs.ts';
import { registerDrill } from './commands/drill.ts';
import { openFaultController } from '../stack/drill-fault-controller.ts';
import { registerFault } from './commands/fault.ts';
import { registerMetrics } from './commands/metrics.ts';
import { registerRun } from './commands/run.ts';
import { registerUp } from './commands/up.ts';
import { registerValidate } from './commands/validate.ts';
import { registerWorker } from './commands/worker.ts';

const program = new Command('canary')
  .description('canarykit: synthetic canaries, CloudWatch-style alarms and DNS failover')
  .version('0.1.0')
  .showHelpAfterError()
  .addOption(
    new Option('--log-format <format>', 'log lines as human text or JSON (auto: human when stdout is a terminal)')
      .choices(['auto', 'pretty', 'json'])
      .default('auto'),
  )
  .hook('preAction', async (cmd) => {
    await setLogFormat(cmd.opts<{ logFormat: 'auto' | 'pretty' | 'json' }>().logFormat);
  });

registerUp(program);
registerWorker(program);
registerValidate(program);
registerRun(program);
registerBaseline(program);
registerAlarm(program);
registerMetrics(program);
registerLogs(program);
registerDrill(program, { faultController: (clients) => openFaultController(clients) });
registerFault(program);
registerAction(program);

await program.parseAsync(process.argv);
