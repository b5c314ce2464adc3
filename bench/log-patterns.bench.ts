/**
 * CloudWatch Logs filter-pattern matching speed, per syntax, over a generated corpus of 100,000 messages (a mix of
 * plain text lines, JSON events and space-delimited access-log lines, seeded so every run sees the same corpus).
 * Prints matching events/s and ns/event for `test()` (match or not) and for `match()` (with extracted values).
 * Pure CPU, no I/O. Run with `npx tsx bench/log-patterns.bench.ts`.
 */
import { parseFilterPattern } from '../logs/pattern/index.ts';
import { intBetween, pick, seededRandom } from '../test/support/prng.ts';

const CORPUS_SIZE = 100_000;
const ROUNDS = 5;

function corpus(): string[] {
  const random = seededRandom(0x5eed);
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  const paths = ['/', '/checkout', '/cart', '/api/items', '/index.html', '/login'];
  const words = ['request', 'served', 'cache', 'miss', 'user', 'session', 'timeout', 'retry', 'upstream', 'ok'];
  const messages: string[] = [];
  for (let i = 0; i < CORPUS_SIZE; i++) {
    const kind = i % 3;
    const status = pick(random, [200, 200, 200, 201, 302, 404, 500, 503]);
    const latency = intBetween(random, 1, 3000);
    if (kind === 0) {
      const text = Array.from({ length: intBetween(random, 4, 12) }, () => pick(random, words)).join(' ');
      messages.push(
        `2024-06-01T12:00:00.${String(i % 1000).padStart(3, '0')}Z ${pick(random, levels)} [main] ${text} id=${i}`,
      );
    } else if (kind === 1) {
      messages.push(
        JSON.stringify({
          level: pick(random, levels),
          status,
          latency,
          path: pick(random, paths),
          requestId: `req-${i}`,
          user: { id: i % 977, region: pick(random, ['eu-west-1', 'us-east-1']) },
        }),
      );
    } else {
      const ip = `10.0.${i % 256}.${intBetween(random, 1, 254)}`;
      const bytes = intBetween(random, 100, 50_000);
      messages.push(
        `${ip} - user${i % 50} [10/Oct/2000:13:55:36 -0700] "GET ${pick(random, paths)} HTTP/1.1" ${status} ${bytes}`,
      );
    }
  }
  return messages;
}

const PATTERNS: [string, string][] = [
  ['terms (one term)', 'ERROR'],
  ['terms (all, exclude)', 'ERROR timeout -retry'],
  ['terms (any)', '?ERROR ?WARN ?"upstream timeout"'],
  ['JSON', '{ $.status >= 500 && $.latency > 1000 }'],
  ['JSON (or, wildcard)', '{ $.path = "/checkout" || $.path = *cart* || $.user.region = eu-* }'],
  ['space-delimited', '[ip, user, username, timestamp, request, status_code = 5*, bytes > 1000]'],
  ['space-delimited (...)', '[..., status_code = 404 || status_code = 500, bytes]'],
  ['regex (literal)', '%timeout%'],
  ['regex', '%[Ee]rror|time\\w+\\sretry%'],
  ['regex (IP)', '%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%'],
];

function measure(messages: readonly string[], run: (message: string) => boolean): { ns: number; matched: number } {
  let best = Infinity;
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let count = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i++) if (run(messages[i] as string)) count++;
    const elapsed = Number(process.hrtime.bigint() - start);
    best = Math.min(best, elapsed);
    matched = count;
  }
  return { ns: best / messages.length, matched };
}

const messages = corpus();
console.log(
  `corpus: ${messages.length} messages (1/3 text, 1/3 JSON, 1/3 access log), best of ${ROUNDS} rounds, Node ${process.version}`,
);
console.log('ns/event is over the whole corpus: JSON patterns reject the non-JSON two thirds without parsing them');
console.log(
  'syntax                    pattern                                                         matched    test() ns/event    events/s   match() ns/event',
);
for (const [label, text] of PATTERNS) {
  const pattern = parseFilterPattern(text);
  const tested = measure(messages, (message) => pattern.test(message));
  const matched = measure(messages, (message) => pattern.match(message).matched);
  console.log(
    [
      label.padEnd(25),
      text.slice(0, 62).padEnd(63),
      String(tested.matched).padStart(7),
      tested.ns.toFixed(0).padStart(17),
      Math.round(1e9 / tested.ns)
        .toLocaleString('en-US')
        .padStart(11),
      matched.ns.toFixed(0).padStart(18),
    ].join(' '),
  );
}
