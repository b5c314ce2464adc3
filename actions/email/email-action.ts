import nodemailer from 'nodemailer';
import { z } from 'zod';
import { ActionError, defineAction } from '../../core/action.ts';
import { redact, resolveSecret } from '../notify/secrets.ts';
import { transitionMessage } from '../notify/transition-message.ts';
import { emailHtml, emailText } from './email-body.ts';

const mailbox = /^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$/;

const address = z.email({ error: 'expected an email address' });

const schema = z.strictObject({
  type: z.literal('email'),
  to: z.union([address, z.array(address).min(1, { error: 'expected at least one recipient' })], {
    error: 'expected an email address or a non-empty list of them',
  }),
  from: z.string().regex(mailbox, { error: 'expected an email address or "Name <address>"' }),
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65_535),
      /** Implicit TLS; defaults to true on port 465. Otherwise STARTTLS is used when the server offers it. */
      secure: z.boolean().optional(),
      user: z.string().min(1).optional(),
      /** Name of the environment variable holding the SMTP password. */
      passwordEnv: z.string().min(1).optional(),
    })
    .refine((s) => (s.user === undefined) === (s.passwordEnv === undefined), {
      error: 'set smtp.user and smtp.passwordEnv together',
      path: ['passwordEnv'],
    }),
  timeoutMs: z.number().int().min(1).max(120_000).default(15_000),
});

/** Codes nodemailer uses for failures that another attempt will not fix (absent an SMTP response code). */
const permanentCodes = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS']);

/** SMTP 4xx (and connection trouble) is worth retrying; a 5xx rejection is not. */
export function isRetryableSmtpError(err: { code?: unknown; responseCode?: unknown }): boolean {
  if (typeof err.responseCode === 'number') return err.responseCode < 500;
  return !(typeof err.code === 'string' && permanentCodes.has(err.code));
}

/** Sends the transition as an email (text + HTML) through an SMTP server. */
export const email = defineAction({
  type: 'email',
  schema,
  async execute(config, ctx, services) {
    const m = transitionMessage(ctx, services);
    const to = typeof config.to === 'string' ? [config.to] : config.to;
    const { host, port, user, passwordEnv } = config.smtp;
    const where = `to ${to.join(', ')} via smtp://${host}:${port}`;
    if (ctx.dryRun) return { status: 'noop', detail: `dry run: would email "${m.title}" ${where}` };
    const password = resolveSecret(`email ${ctx.actionName}`, undefined, passwordEnv);
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: config.smtp.secure ?? port === 465,
      ...(user !== undefined && password !== undefined ? { auth: { user, pass: password } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    });
    try {
      const info = await transport.sendMail({
        from: config.from,
        to,
        subject: m.title,
        text: emailText(m),
        html: emailHtml(m),
      });
      const rejected = info.rejected.length;
      return {
        status: 'done',
        detail: `emailed "${m.title}" ${where}${rejected ? ` (${rejected} recipient${rejected === 1 ? '' : 's'} rejected)` : ''}`,
      };
    } catch (err) {
      const e = err as Error & { code?: unknown; responseCode?: unknown };
      const code = typeof e.code === 'string' ? ` [${e.code}]` : '';
      throw new ActionError(`email ${where} failed${code}: ${redact(e.message, [password])}`, {
        retryable: isRetryableSmtpError(e),
      });
    } finally {
      transport.close();
    }
  },
});
