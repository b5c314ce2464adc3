import { afterEach, describe, expect, it } from 'vitest';
import { email } from '../../actions/email/email-action.ts';
import { actionError, ctx, services, transition } from './fixtures.ts';
import { closedPort } from './http-receiver.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

const PASSWORD = 'smtp-pa55word-do-not-leak';
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
  delete process.env.CK_TEST_SMTP_PASSWORD;
});

const config = (port: number, extra: Record<string, unknown> = {}, smtpExtra: Record<string, unknown> = {}) =>
  email.schema.parse({
    type: 'email',
    to: ['oncall@example.test', 'team@example.test'],
    from: 'Canarykit <canary@example.test>',
    smtp: { host: '127.0.0.1', port, ...smtpExtra },
    timeoutMs: 5_000,
    ...extra,
  });

describe('email notifier', () => {
  it('delivers a text + HTML message to every recipient over real SMTP', async () => {
    smtp = await startSmtpReceiver();
    const out = await email.execute(config(smtp.port), ctx(transition('ALARM', 'OK', { runId: 'run-3' })), services);
    expect(out).toMatchObject({ status: 'done' });
    expect(out.detail).toContain('oncall@example.test, team@example.test');
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'canary@example.test', to: ['oncall@example.test', 'team@example.test'] });
    expect(mail!.subject).toBe('[ALARM] www-down (OK → ALARM)');
    expect(mail!.text).toContain('www-down changed from OK to ALARM: Threshold Crossed');
    expect(mail!.text).toContain('Transition: tr-alarm-1');
    expect(mail!.text).toContain('Alarm www-down: http://127.0.0.1:8080/api/alarms/www-down');
    expect(mail!.text).toContain('Run: http://127.0.0.1:8080/api/runs/run-3');
    expect(mail!.html).toContain(
      '<h2 style="border-left:6px solid #d93025;padding-left:8px">[ALARM] www-down (OK → ALARM)</h2>',
    );
    expect(mail!.html).toContain('<a href="http://127.0.0.1:8080/api/alarms/www-down">Alarm www-down</a>');
  });

  it('accepts a single recipient and escapes HTML in the reason', async () => {
    smtp = await startSmtpReceiver();
    await email.execute(
      config(smtp.port, { to: 'solo@example.test' }),
      ctx(transition('OK', 'ALARM', { reason: '<b>back</b> & fine' })),
      services,
    );
    const [mail] = smtp.mails;
    expect(mail!.to).toEqual(['solo@example.test']);
    expect(mail!.subject).toBe('[OK] www-down (ALARM → OK)');
    expect(mail!.html).toContain('&lt;b&gt;back&lt;/b&gt; &amp; fine');
    expect(mail!.html).not.toContain('<b>back</b>');
  });

  it('authenticates with the password from passwordEnv; a 535 rejection is not retried and never shows the password', async () => {
    smtp = await startSmtpReceiver({ auth: { user: 'canary', pass: PASSWORD } });
    process.env.CK_TEST_SMTP_PASSWORD = PASSWORD;
    const good = config(smtp.port, {}, { user: 'canary', passwordEnv: 'CK_TEST_SMTP_PASSWORD' });
    const out = await email.execute(good, ctx(), services);
    expect(smtp.mails[0]!.user).toBe('canary');
    expect(JSON.stringify(out)).not.toContain(PASSWORD);
    process.env.CK_TEST_SMTP_PASSWORD = `${PASSWORD}-wrong`;
    const err = await actionError(() => email.execute(good, ctx(), services));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/EAUTH.*535/);
    expect(err.message).not.toContain(PASSWORD);
    delete process.env.CK_TEST_SMTP_PASSWORD;
    const unset = await actionError(() => email.execute(good, ctx(), services));
    expect(unset).toMatchObject({
      retryable: false,
      message: expect.stringContaining('CK_TEST_SMTP_PASSWORD is not set'),
    });
  });

  it('does not retry a 5xx rejection', async () => {
    smtp = await startSmtpReceiver({ rcptError: { code: 550, message: 'No such user here' } });
    const err = await actionError(() => email.execute(config(smtp!.port), ctx(), services));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('550');
  });

  it('retries a 4xx (temporary) rejection', async () => {
    smtp = await startSmtpReceiver({ dataError: { code: 451, message: 'Try again later' } });
    const err = await actionError(() => email.execute(config(smtp!.port), ctx(), services));
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('451');
  });

  it('retries when the server cannot be reached', async () => {
    const err = await actionError(async () => email.execute(config(await closedPort()), ctx(), services));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
  });

  it('sends nothing in a dry run', async () => {
    smtp = await startSmtpReceiver();
    const out = await email.execute(config(smtp.port), ctx(transition(), true), services);
    expect(out).toEqual({
      status: 'noop',
      detail: `dry run: would email "[ALARM] www-down (OK → ALARM)" to oncall@example.test, team@example.test via smtp://127.0.0.1:${smtp.port}`,
    });
    expect(smtp.mails).toHaveLength(0);
  });
});
