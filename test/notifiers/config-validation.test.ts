import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const canary = `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`;

async function load(actions: Record<string, unknown>) {
  tmp = await tempProject({
    'canary.config.ts': `export default { actions: ${JSON.stringify(actions)} };\n`,
    'canaries/ok.canary.ts': canary,
  });
  return loadProject({ cwd: tmp.dir });
}

async function problems(actions: Record<string, unknown>): Promise<string[]> {
  try {
    await load(actions);
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('notifier config validation', () => {
  it('accepts valid configs and applies defaults', async () => {
    const p = await load({
      hook: { type: 'webhook', url: 'http://127.0.0.1:9/h', secretEnv: 'HOOK_SECRET' },
      chat: { type: 'slack', url: 'http://127.0.0.1:9/services/x', channel: '#ops' },
      page: { type: 'pagerduty', routingKeyEnv: 'PD_KEY' },
      mail: {
        type: 'email',
        to: 'a@example.test',
        from: 'Canary <c@example.test>',
        smtp: { host: '127.0.0.1', port: 25 },
      },
    });
    expect(p.config.actions).toMatchObject({
      hook: { timeoutMs: 5_000, headers: {} },
      chat: { timeoutMs: 5_000 },
      page: { url: 'https://events.pagerduty.com/v2/enqueue', severity: 'critical', insufficientData: 'ignore' },
      mail: { timeoutMs: 15_000 },
    });
  });

  it('reports every bad field with its path, without echoing secrets', async () => {
    const found = await problems({
      hook: { type: 'webhook', url: 'http://127.0.0.1:9/h', secret: 'inline-secret-value', secretEnv: 'HOOK_SECRET' },
      chat: { type: 'slack', url: 'ftp://nope', colour: 'red' },
      page: { type: 'pagerduty', severity: 'urgent' },
      page2: { type: 'pagerduty', routingKey: 'k', insufficientData: 'maybe' },
      mail: { type: 'email', to: ['not-an-address'], from: 'nobody', smtp: { host: 'mx', port: 70_000, user: 'u' } },
      mail2: { type: 'email', to: 'bad', from: 'c@example.test', smtp: { host: 'mx', port: 25 } },
      mail3: { type: 'email', to: [], from: 'c@example.test', smtp: { host: 'mx', port: 25 } },
    });
    expect(found).toEqual([
      'canary.config.ts › actions.hook.secretEnv: set either secret or secretEnv, not both',
      'canary.config.ts › actions.chat.url: expected an http(s) URL (a Slack incoming-webhook URL)',
      'canary.config.ts › actions.chat: unknown field "colour"',
      'canary.config.ts › actions.page.severity: expected one of "critical", "error", "warning", "info", got "urgent"',
      'canary.config.ts › actions.page2.insufficientData: expected one of "ignore", "trigger", "resolve", got "maybe"',
      'canary.config.ts › actions.mail.to[0]: expected an email address',
      'canary.config.ts › actions.mail.from: expected an email address or "Name <address>"',
      'canary.config.ts › actions.mail.smtp.port: Too big: expected number to be <=65535',
      'canary.config.ts › actions.mail.smtp.passwordEnv: set smtp.user and smtp.passwordEnv together',
      'canary.config.ts › actions.mail2.to: expected an email address',
      'canary.config.ts › actions.mail3.to: expected at least one recipient',
    ]);
    expect(found.join('\n')).not.toContain('inline-secret-value');
  });

  it('requires a routing key and pairs smtp.user with smtp.passwordEnv', async () => {
    expect(
      await problems({
        page: { type: 'pagerduty' },
        mail: {
          type: 'email',
          to: 'a@example.test',
          from: 'c@example.test',
          smtp: { host: 'mx', port: 25, user: 'u' },
        },
      }),
    ).toEqual([
      'canary.config.ts › actions.page.routingKey: required: set routingKey or routingKeyEnv (the name of an environment variable holding it)',
      'canary.config.ts › actions.mail.smtp.passwordEnv: set smtp.user and smtp.passwordEnv together',
    ]);
  });
});
