import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';
import { startNdjsonReceiver, type NdjsonReceiver } from './ndjson-receiver.ts';
import { deletePrefix, parseStreams, StreamNode, testPrefix } from './stream-harness.ts';

const run = promisify(execFile);
const writer = fileURLToPath(new URL('./fixtures/write-datapoints.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const values = (r: NdjsonReceiver) => new Set(r.records.map((x) => (x.value as { sum: number }).sum));

describe('metric streams across processes sharing one Redis', () => {
  let receiver: NdjsonReceiver | undefined;
  const nodes: StreamNode[] = [];
  const prefixes: string[] = [];

  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
    await receiver?.close();
    for (const p of prefixes.splice(0)) await deletePrefix(p);
  });

  const node = (prefix: string, url: string) => {
    const n = new StreamNode(
      prefix,
      parseStreams([
        { name: 'shared', output: { type: 'webhook', url }, claimIdleMs: 1000, retry: { initialMs: 20, maxMs: 100 } },
      ]),
    );
    nodes.push(n);
    return n;
  };

  it('datapoints written by two writer processes reach the stream once the consumers of two nodes share it', async () => {
    receiver = await startNdjsonReceiver();
    const prefix = testPrefix('mstream-multi');
    prefixes.push(prefix);
    const a = node(prefix, receiver.url);
    const b = node(prefix, receiver.url);
    await Promise.all([a.start(), b.start()]);
    await Promise.all([
      run(tsx, [writer, prefix, '0', '40', TEST_REDIS_URL]),
      run(tsx, [writer, prefix, '1000', '40', TEST_REDIS_URL]),
    ]);
    await waitFor('all 80 values', () => values(receiver as NdjsonReceiver).size === 80);
    const s = await waitFor('the status settled', async () => {
      const st = await a.status('shared');
      return st.delivered >= 80 && st.pending.inFlight === 0 ? st : undefined;
    });
    expect(s.dropped).toBe(0);
    expect(s.pending.unread).toBe(0);
  });

  it('entries a consumer held when it stopped are claimed and delivered by another', async () => {
    receiver = await startNdjsonReceiver();
    const prefix = testPrefix('mstream-claim');
    prefixes.push(prefix);
    const first = node(prefix, receiver.url);
    await first.start();
    receiver.down = true;
    for (let i = 0; i < 5; i++)
      await first.store.putMany([
        { namespace: 'Claim', metricName: 'M', dimensions: {}, timestamp: Date.now() + i, unit: 'Count', value: i },
      ]);
    await waitFor('the first consumer holding them', async () => (await first.status('shared')).pending.inFlight > 0);
    // It stops mid-retry: the entries stay unacknowledged in its name.
    await first.streams.close();
    receiver.down = false;
    const second = node(prefix, receiver.url);
    await second.start();
    await waitFor('the held values delivered by the second', () => values(receiver as NdjsonReceiver).size === 5);
    const s = await waitFor('acknowledged', async () => {
      const st = await second.status('shared');
      return st.pending.inFlight === 0 ? st : undefined;
    });
    expect(s.dropped).toBe(0);
  });
});
