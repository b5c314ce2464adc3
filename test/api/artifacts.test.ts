import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../core/types.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { failoverProject } from '../support/failover-project.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';
import { rawRequest } from './support/http-request.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngOf(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return PNG.sync.write(png);
}

function record(id: string, artifacts: RunRecord['artifacts'], steps: RunRecord['steps'] = []): RunRecord {
  const now = new Date().toISOString();
  return {
    id,
    canary: 'www-home',
    blueprint: 'heartbeat',
    startedAt: now,
    endedAt: now,
    durationMs: 12,
    worker: 'test:1',
    attempt: 1,
    status: 'FAILED',
    reason: 'expected text not found',
    steps,
    artifacts,
    details: {},
  };
}

describe('run artifacts over the HTTP API, with the default .canary data dir', () => {
  const prefix = testPrefix('artifacts');
  let stack: Stack;
  let tmp: TempProject;
  let dataDir: string;

  beforeAll(async () => {
    let project;
    ({ tmp, project } = await failoverProject({
      prefix,
      primaryUrl: 'http://127.0.0.2:9/',
      webhookUrl: 'http://127.0.0.1:9/',
    }));
    dataDir = project.dataDir;
    expect(path.basename(dataDir)).toBe('.canary');
    stack = await startStack({ project, roles: ['api'] });
    const dir = path.join(dataDir, 'runs', 'www-home', 'run-1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'screenshot.png'), pngOf(4, 3));
    await writeFile(path.join(dir, 'step-1.png'), pngOf(2, 2));
    await writeFile(path.join(dir, 'page.har'), JSON.stringify({ log: { entries: [] } }));
    // A secret beside the data dir, and ways a record could point at it.
    await writeFile(path.join(tmp.dir, 'secret.txt'), 'top secret');
    await symlink(path.join(tmp.dir, 'secret.txt'), path.join(dir, 'link.png'));
    await stack.runs.save(
      record(
        'run-1',
        [
          { kind: 'screenshot', path: 'runs/www-home/run-1/screenshot.png', contentType: 'image/png' },
          { kind: 'screenshot', path: 'runs/www-home/run-1/step-1.png', contentType: 'image/png' },
          { kind: 'har', path: 'runs/www-home/run-1/page.har', contentType: 'application/json' },
          { kind: 'other', path: '../secret.txt', contentType: 'text/plain' },
          { kind: 'screenshot', path: 'runs/www-home/run-1/link.png', contentType: 'image/png' },
          { kind: 'other', path: 'runs/www-home/run-1/missing.png', contentType: 'image/png' },
        ],
        [
          {
            name: 'open',
            status: 'FAILED',
            startedAt: new Date().toISOString(),
            endedAt: new Date().toISOString(),
            durationMs: 3,
            screenshots: [{ kind: 'screenshot', path: 'runs/www-home/run-1/step-1.png', contentType: 'image/png' }],
          },
        ],
      ),
    );
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('serves a real screenshot as a PNG with its content type and nosniff', async () => {
    const res = await fetch(`${stack.apiUrl}/api/runs/run-1/artifacts/screenshot.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(PNG.sync.read(body).width).toBe(4);
  });

  it('every image and link of the run report loads', async () => {
    const html = await (await fetch(`${stack.apiUrl}/api/runs/run-1/report`)).text();
    // link.png and missing.png are this test's broken artifacts (see the next tests).
    const images = [...html.matchAll(/<img src="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((src) => !/link\.png|missing\.png/.test(src));
    expect(images).toEqual(
      expect.arrayContaining([expect.stringMatching(/screenshot\.png$/), expect.stringMatching(/step-1\.png$/)]),
    );
    for (const src of images) {
      const res = await fetch(`${stack.apiUrl}${src.replaceAll('&amp;', '&')}`);
      expect(res.status, src).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 8), src).toEqual(PNG_SIGNATURE);
    }
    const har = await fetch(`${stack.apiUrl}/api/runs/run-1/artifacts/page.har`);
    expect(har.status).toBe(200);
    expect(har.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await har.json()).toEqual({ log: { entries: [] } });
  });

  it('never serves a file outside the data dir', async () => {
    for (const file of ['secret.txt', 'link.png', '..%2F..%2Fsecret.txt', '%2e%2e', '..', '.']) {
      const res = await rawRequest(stack.apiUrl as string, {
        method: 'GET',
        path: `/api/runs/run-1/artifacts/${file}`,
      });
      expect(res.status, file).toBe(404);
      expect(res.body.toString(), file).not.toContain('top secret');
      expect(JSON.parse(res.body.toString()), file).toEqual({ message: expect.any(String) });
    }
    for (const p of [
      '/api/runs/..%2F..%2Fsecret.txt/artifacts/x',
      '/api/runs/run-1/artifacts/..%2F..%2F..%2Fsecret.txt',
    ]) {
      const res = await rawRequest(stack.apiUrl as string, { method: 'GET', path: p });
      expect(res.status, p).toBe(404);
      expect(res.body.toString()).not.toContain('top secret');
    }
  });

  it('answers 404 with a message for an artifact whose file is gone', async () => {
    const res = await fetch(`${stack.apiUrl}/api/runs/run-1/artifacts/missing.png`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/missing\.png/);
  });

  it('answers 404 naming the host that holds an artifact made by a worker on another host', async () => {
    const screenshot = {
      kind: 'screenshot' as const,
      path: 'runs/www-home/run-far/screenshot.png',
      contentType: 'image/png',
    };
    await stack.runs.save({ ...record('run-far', [screenshot]), worker: 'worker-7.internal:4242' });
    const res = await fetch(`${stack.apiUrl}/api/runs/run-far/artifacts/screenshot.png`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      message:
        "artifact screenshot.png of run run-far is on host worker-7.internal (the worker that ran it); artifacts are kept on the worker's local disk",
    });
    // The report still renders; its image link answers the same 404.
    expect((await fetch(`${stack.apiUrl}/api/runs/run-far/report`)).status).toBe(200);
  });

  it("a file removed on the worker's own host says so", async () => {
    const screenshot = {
      kind: 'screenshot' as const,
      path: 'runs/www-home/run-here/gone.png',
      contentType: 'image/png',
    };
    await stack.runs.save({ ...record('run-here', [screenshot]), worker: `${hostname()}:${process.pid}` });
    const res = await fetch(`${stack.apiUrl}/api/runs/run-here/artifacts/gone.png`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe(
      `artifact gone.png of run run-here is missing on this host (${hostname()}, the worker that ran it): runs/www-home/run-here/gone.png was removed`,
    );
  });
});
