import { describe, expect, it } from 'vitest';
import { LogsError } from '../../logs/logs-error.ts';
import { checkLogEventsBatch, parseLogEvents } from '../../logs/put-log-events.ts';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const H = 3_600_000;
const D = 86_400_000;
const ev = (timestamp: number, message = 'x') => ({ timestamp, message });
const rejects = (f: () => unknown, status: number, text: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LogsError);
    expect((e as LogsError).status).toBe(status);
    expect((e as LogsError).message).toMatch(text);
    return;
  }
  throw new Error('expected a LogsError');
};

describe('PutLogEvents rules', () => {
  it('accepts a chronological batch within the window', () => {
    const r = checkLogEventsBatch([ev(NOW - H), ev(NOW), ev(NOW + H)], NOW, undefined);
    expect(r.accepted).toHaveLength(3);
    expect(r.rejectedLogEventsInfo).toBeUndefined();
  });

  it('reports too old, expired and too new events by index, as CloudWatch does, and accepts the rest', () => {
    // retention 7 days: 20 d old is too old and expired, 10 d old only expired, 3 h ahead too new.
    const batch = [ev(NOW - 20 * D + 2 * H), ev(NOW - 10 * D), ev(NOW - 8 * D), ev(NOW - 1), ev(NOW), ev(NOW + 3 * H)];
    // The span rule: these span > 24 h, so check them in a batch that does not.
    rejects(() => checkLogEventsBatch(batch, NOW, 7), 400, /span at most 24 hours/);
    const nearOld = [ev(NOW - 14 * D - 2 * H), ev(NOW - 14 * D - H), ev(NOW - 14 * D + H), ev(NOW - 14 * D + 2 * H)];
    const r = checkLogEventsBatch(nearOld, NOW, 14);
    expect(r.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 1 });
    expect(r.accepted).toEqual(nearOld.slice(2));
    const expired = [ev(NOW - 7 * D - H), ev(NOW - 7 * D + H)];
    expect(checkLogEventsBatch(expired, NOW, 7).rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 0 });
    const ahead = [ev(NOW + H), ev(NOW + 2 * H + 1), ev(NOW + 3 * H)];
    const rn = checkLogEventsBatch(ahead, NOW, undefined);
    expect(rn.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    expect(rn.accepted).toEqual([ahead[0]]);
    expect(rn.rejected).toBe(2);
  });

  it('refuses a batch out of chronological order, naming the events', () => {
    rejects(() => checkLogEventsBatch([ev(NOW), ev(NOW - 1)], NOW, undefined), 400, /events\[1\].*before events\[0\]/);
  });

  it('counts the batch as CloudWatch does: UTF-8 bytes plus 26 per event, at most 1 MiB and 10,000 events', () => {
    const message = 'é'.repeat(52_415); // 104,830 bytes
    const fits = Array.from({ length: 10 }, () => ev(NOW, message)); // 10 × (104,830 + 26) = 1,048,560
    expect(parseLogEvents(fits)).toHaveLength(10);
    const over = Array.from({ length: 10 }, () => ev(NOW, `${message}é`)); // + 20 bytes = 1,048,580
    rejects(() => parseLogEvents(over), 413, /1048580 bytes .* limit is 1048576/);
    rejects(() => parseLogEvents(Array.from({ length: 10_001 }, () => ev(NOW))), 400, /at most 10000 events/);
    rejects(() => parseLogEvents([ev(NOW, 'a'.repeat(262_145))]), 413, /256 KiB/);
  });

  it('names the bad field of a malformed event', () => {
    rejects(() => parseLogEvents([]), 400, /at least one event/);
    rejects(() => parseLogEvents([{ timestamp: 1.5, message: 'x' }]), 400, /events\[0\]\.timestamp/);
    rejects(() => parseLogEvents([ev(NOW), { timestamp: NOW, message: '' }]), 400, /events\[1\]\.message/);
    rejects(() => parseLogEvents([{ timestamp: NOW, message: 'x', level: 1 }]), 400, /unknown field "level"/);
    rejects(() => parseLogEvents('x'), 400, /must be an array/);
  });
});
