import { pino, type DestinationStream, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/**
 * Where log lines go. Loggers are created when their modules load, before the CLI has read its flags, so they all
 * write through this one switchable sink: `setLogFormat` changes the format of every logger at once.
 */
class SwitchableSink implements DestinationStream {
  private target: DestinationStream = pino.destination({ dest: 1, sync: true });

  write(line: string): void {
    this.target.write(line);
  }

  use(target: DestinationStream): void {
    this.target = target;
  }
}

const sink = new SwitchableSink();

/** Log level from `LOG_LEVEL` (`silent`, `error`, `warn`, `info`, `debug`, `trace`), default `info`. */
const root = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid } }, sink);

/** A structured logger carrying a `component` field. */
export function createLogger(component: string): Logger {
  return root.child({ component });
}

/**
 * `pretty`: one coloured human line per entry (for a person at a terminal); `json`: one JSON object per line
 * (for log shippers). `auto` is pretty when stdout is a TTY.
 */
export async function setLogFormat(format: LogFormat | 'auto'): Promise<void> {
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!pretty) {
    sink.use(pino.destination({ dest: 1, sync: true }));
    return;
  }
  const { default: build } = await import('pino-pretty');
  const options: PrettyOptions = {
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,component',
    singleLine: true,
    messageFormat: '{if component}[{component}] {end}{msg}',
    sync: true,
  };
  sink.use(build(options));
}
