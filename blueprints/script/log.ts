import type { Logger } from '../../core/logger.ts';
import type { ScriptLog } from './context.ts';
import type { RunSecrets } from '../kit/run-secrets.ts';

const MAX_LINES = 200;
const MAX_LINE_LENGTH = 2_000;

export interface ScriptLogLine {
  at: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

/** The script's `log`: keeps the lines for the run record and forwards them, redacted, to the worker's log. */
export function scriptLog(target: Logger, secrets: RunSecrets): { log: ScriptLog; lines: ScriptLogLine[] } {
  const lines: ScriptLogLine[] = [];
  let dropped = 0;
  const write = (level: ScriptLogLine['level']) => (message: string, data?: Record<string, unknown>) => {
    const text = String(message);
    const line: ScriptLogLine = {
      at: new Date().toISOString(),
      level,
      message: text.length > MAX_LINE_LENGTH ? `${text.slice(0, MAX_LINE_LENGTH - 1)}…` : text,
      ...(data === undefined ? {} : { data }),
    };
    if (lines.length < MAX_LINES) lines.push(line);
    else if (++dropped === 1)
      lines.push({ at: line.at, level: 'warn', message: `more than ${MAX_LINES} log lines: the rest are not kept` });
    const safe = secrets.redact(line);
    target[level]({ script: true, ...(safe.data ? { data: safe.data } : {}) }, safe.message);
  };
  return { log: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }, lines };
}
