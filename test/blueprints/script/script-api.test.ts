import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../core/logger.ts';
import { scriptEnv } from '../../../blueprints/script/env.ts';
import { scriptLog } from '../../../blueprints/script/log.ts';
import { RunSecrets } from '../../../blueprints/kit/run-secrets.ts';
import { SecretRegistry } from '../../../core/secret-registry.ts';

function fakeLogger(): { logger: Logger; written: Array<{ level: string; obj: unknown; msg: string }> } {
  const written: Array<{ level: string; obj: unknown; msg: string }> = [];
  const at = (level: string) => (obj: unknown, msg: string) => void written.push({ level, obj, msg });
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger,
    written,
  };
}

describe('script API helpers', () => {
  it('env() registers the value with the run and its own redactor; a fallback is not a secret', () => {
    const sink = new SecretRegistry();
    const secrets = new RunSecrets(sink);
    const env = scriptEnv(secrets, { SHOP_TOKEN: 'tok-123456' });
    expect(env('SHOP_TOKEN')).toBe('tok-123456');
    expect(env('REGION', 'eu-west-1')).toBe('eu-west-1');
    expect(sink.redact({ a: 'tok-123456 in eu-west-1' })).toEqual({ a: '*** in eu-west-1' });
    expect(() => env('MISSING')).toThrow("environment variable MISSING is not set (read with env('MISSING'))");
  });

  it('log lines are kept for the record and reach the worker log with secrets redacted', () => {
    const secrets = new RunSecrets(new SecretRegistry());
    secrets.add('hunter2-hunter2');
    const { logger, written } = fakeLogger();
    const { log, lines } = scriptLog(logger, secrets);
    log.warn('signed in with hunter2-hunter2', { password: 'hunter2-hunter2', n: 1 });
    expect(written).toEqual([
      { level: 'warn', obj: { script: true, data: { password: '***', n: 1 } }, msg: 'signed in with ***' },
    ]);
    // The record keeps the line as written; the runner redacts the whole record before storing it.
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', message: 'signed in with hunter2-hunter2' })]);
    for (let i = 0; i < 250; i++) log.debug(`line ${i}`);
    expect(lines).toHaveLength(201);
    expect(lines.at(-1)?.message).toBe('more than 200 log lines: the rest are not kept');
  });
});
