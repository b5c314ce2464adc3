import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpReceiverOptions {
  /** Require AUTH with these credentials (over plain text: loopback only). */
  auth?: { user: string; pass: string };
  /** Reject every RCPT TO with this reply. */
  rcptError?: { code: number; message: string };
  /** Reject the message after DATA with this reply. */
  dataError?: { code: number; message: string };
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

function smtpError(e: { code: number; message: string }): Error {
  return Object.assign(new Error(e.message), { responseCode: e.code });
}

/** A real SMTP server (smtp-server) on 127.0.0.1 that keeps every accepted message, decoded. */
export async function startSmtpReceiver(o: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: o.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !o.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (o.auth && auth.username === o.auth.user && auth.password === o.auth.pass) cb(null, { user: auth.username });
      else cb(smtpError({ code: 535, message: 'Authentication credentials invalid' }));
    },
    onRcptTo(_address, _session, cb) {
      cb(o.rcptError ? smtpError(o.rcptError) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (o.dataError) return cb(smtpError(o.dataError));
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
          ...decodeMessage(raw),
        });
        cb(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- a minimal MIME reader, enough for what nodemailer produces here ---

function splitHead(part: string): { headers: Map<string, string>; body: string } {
  const at = part.indexOf('\r\n\r\n');
  const head = part.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: part.slice(at + 4) };
}

function qpBytes(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
function decodeWords(s: string): string {
  return s.replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=(?:\s+(?==\?))?/g, (_m, enc: string, data: string) =>
    (enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '))).toString('utf8'),
  );
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return qpBytes(body.replace(/=\r\n/g, '')).toString('utf8');
  return body;
}

function decodeMessage(raw: string): { subject: string; text: string; html: string } {
  const { headers, body } = splitHead(raw);
  const out = { subject: decodeWords(headers.get('subject') ?? ''), text: '', html: '' };
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => splitHead(p.replace(/^\r\n/, '')))
    : [{ headers, body }];
  for (const p of parts) {
    const type = p.headers.get('content-type') ?? 'text/plain';
    const content = decodeBody(p.headers, p.body.replace(/\r\n$/, ''));
    if (type.startsWith('text/html')) out.html = content;
    else if (type.startsWith('text/plain')) out.text = content;
  }
  return out;
}
