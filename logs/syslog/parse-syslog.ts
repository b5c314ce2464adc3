/**
 * A small, strict syslog header parser: RFC 5424 (`<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`) and the
 * BSD format of RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`), as util-linux `logger`, rsyslog and most
 * devices send them. Pure: `now` (for RFC 3164's missing year) is passed in. Returns an error string instead of
 * throwing for anything it cannot read.
 */
import type { SyslogMessage } from './syslog-message.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BSD_TIME = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) /;
const RFC5424_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const nil = (s: string | undefined): string | undefined => (s === undefined || s === '-' ? undefined : s);

export function parseSyslog(text: string, now: number): SyslogMessage | { error: string } {
  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri) return { error: 'no <PRI> at the start of the message' };
  const value = Number(pri[1]);
  if (value > 191) return { error: `PRI ${value} is over 191` };
  const rest = text.slice(pri[0].length);
  const head = { facility: value >> 3, severity: value & 7 };
  if (/^[1-9]\d{0,2} /.test(rest)) return parse5424(rest, head);
  return parse3164(rest, head, now);
}

/** Splits off `n` space-separated fields; the rest follows. */
function fields(s: string, n: number): { parts: string[]; rest: string } | undefined {
  const parts: string[] = [];
  let i = 0;
  for (let k = 0; k < n; k++) {
    const sp = s.indexOf(' ', i);
    if (sp < 0) {
      if (k === n - 1 && i < s.length) {
        parts.push(s.slice(i));
        return { parts, rest: '' };
      }
      return undefined;
    }
    parts.push(s.slice(i, sp));
    i = sp + 1;
  }
  return { parts, rest: s.slice(i) };
}

function parse5424(s: string, head: { facility: number; severity: number }): SyslogMessage | { error: string } {
  const f = fields(s, 6);
  if (!f) return { error: 'an RFC 5424 header needs VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID' };
  const [, time, hostname, appName, procId, msgId] = f.parts as [string, string, string, string, string, string];
  let timestamp: number | undefined;
  if (time !== '-') {
    if (!RFC5424_TIME.test(time)) return { error: `bad RFC 5424 TIMESTAMP ${JSON.stringify(time.slice(0, 40))}` };
    timestamp = Date.parse(time);
    if (!Number.isFinite(timestamp)) return { error: `bad RFC 5424 TIMESTAMP ${JSON.stringify(time)}` };
  }
  const sd = structuredData(f.rest);
  if ('error' in sd) return sd;
  let message = sd.rest.startsWith(' ') ? sd.rest.slice(1) : sd.rest;
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  return {
    format: 'rfc5424',
    ...head,
    timestamp,
    hostname: nil(hostname),
    appName: nil(appName),
    procId: nil(procId),
    msgId: nil(msgId),
    structuredData: sd.text === '-' ? undefined : sd.text,
    message,
  };
}

/** STRUCTURED-DATA: `-` or `[id k="v" ...]...` (values escape `"`, `\` and `]` with `\`). */
function structuredData(s: string): { text: string; rest: string } | { error: string } {
  if (s.startsWith('-')) return { text: '-', rest: s.slice(1) };
  if (!s.startsWith('[')) return { error: 'STRUCTURED-DATA must be "-" or start with "["' };
  let i = 0;
  while (s[i] === '[') {
    let inValue = false;
    i += 1;
    for (;;) {
      const c = s[i];
      if (c === undefined) return { error: 'STRUCTURED-DATA is not closed with "]"' };
      if (inValue) {
        if (c === '\\') i += 1;
        else if (c === '"') inValue = false;
      } else if (c === '"') inValue = true;
      else if (c === ']') break;
      i += 1;
    }
    i += 1;
  }
  return { text: s.slice(0, i), rest: s.slice(i) };
}

function parse3164(s: string, head: { facility: number; severity: number }, now: number): SyslogMessage {
  let timestamp: number | undefined;
  let rest = s;
  const t = BSD_TIME.exec(s);
  if (t) {
    const month = MONTHS.indexOf(t[1] as string);
    if (month >= 0) {
      const current = new Date(now);
      const at = (year: number) =>
        new Date(year, month, Number((t[2] as string).trim()), Number(t[3]), Number(t[4]), Number(t[5])).getTime();
      timestamp = at(current.getFullYear());
      // No year in the header: a date more than a day ahead is from last year (a December line read in January).
      if (timestamp > now + 86_400_000) timestamp = at(current.getFullYear() - 1);
      rest = s.slice(t[0].length);
    }
  }
  // HOSTNAME, unless the first word is already the TAG (`app[12]:` or `app:`), as some senders omit it.
  let hostname: string | undefined;
  const first = /^(\S+) /.exec(rest);
  if (first && !/[:[\]]/.test(first[1] as string)) {
    hostname = first[1];
    rest = rest.slice(first[0].length);
  }
  let appName: string | undefined;
  let procId: string | undefined;
  const tag = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{1,128})\])?: ?/.exec(rest);
  if (tag) {
    appName = tag[1];
    procId = tag[2];
    rest = rest.slice(tag[0].length);
  }
  return {
    format: 'rfc3164',
    ...head,
    timestamp,
    hostname,
    appName,
    procId,
    msgId: undefined,
    structuredData: undefined,
    message: rest,
  };
}
