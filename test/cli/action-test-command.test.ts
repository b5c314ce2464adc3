/**
 * `canary action test <name>`: the real CLI against a temp project, real Redis, the real command provider, and the
 * route53 provider against the loopback fake Route 53 (an external cloud).
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRoute53, type FakeRoute53 } from '../support/fake-route53.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { runCli } from '../support/run-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

describe('canary action test', { timeout: 240_000 }, () => {
  const prefix = testPrefix('action-test');
  let tmp: TempProject;
  let dir: string;
  let fake: FakeRoute53;
  const env = { REDIS_URL: TEST_REDIS_URL, CK_R53_KEY: 'AKIDCLI', CK_R53_SECRET: 'cli-secret-never-printed' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ck-action-test-'));
    fake = await startFakeRoute53({
      accessKeyIds: ['AKIDCLI'],
      zones: [
        {
          id: 'ZCLI',
          name: 'shop.test',
          records: [{ name: 'www.shop.test', type: 'A', ttl: 30, values: ['192.0.2.10'] }],
        },
      ],
    });
    const marker = path.join(dir, 'up');
    const config = {
      redisPrefix: prefix,
      dnsProviders: {
        r53: {
          type: 'route53',
          hostedZoneId: 'ZCLI',
          zone: 'shop.test',
          endpoint: fake.url,
          credentials: { accessKeyIdEnv: 'CK_R53_KEY', secretAccessKeyEnv: 'CK_R53_SECRET' },
          pollSeconds: 0.01,
        },
      },
      actions: {
        'web-recover': {
          type: 'recover',
          provider: 'command',
          recover: ['touch', marker],
          check: ['test', '-f', marker],
          upWithin: 5,
        },
        'www-failover': {
          type: 'dns-failover',
          provider: 'r53',
          record: 'www.shop.test',
          primary: ['192.0.2.10'],
          secondary: ['198.51.100.10'],
          ttl: 30,
        },
      },
    };
    tmp = await tempProject({
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
      'canary.config.ts': `import { defineConfig } from 'canarykit';\nexport default defineConfig(${JSON.stringify(config, null, 2)});\n`,
    });
  });
  afterAll(async () => {
    await tmp?.remove();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
    await deletePrefix(prefix);
  });

  it('a dry run says what a recovery would do and changes nothing', async () => {
    const r = await runCli(tmp.dir, ['action', 'test', 'web-recover'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('web-recover (recover), dry run: noop');
    expect(r.stdout).toMatch(/dry run: unhealthy: .*would run `touch /);
    expect(r.stdout).toContain('(nothing was changed; --for-real runs it)');
    await expect(access(path.join(dir, 'up'))).rejects.toThrow();
  });

  it('--for-real recovers the target and prints the outcome, then a second run is a no-op', async () => {
    const r = await runCli(tmp.dir, ['action', 'test', 'web-recover', '--for-real', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      action: 'web-recover',
      dryRun: false,
      status: 'done',
      data: { issuedAt: expect.any(String), targetUpAt: expect.any(String) },
    });
    await access(path.join(dir, 'up'));
    const again = await runCli(tmp.dir, ['action', 'test', 'web-recover', '--for-real'], env);
    expect(again.stdout).toContain('web-recover (recover): noop');
  });

  it('a DNS failover through route53: the dry run leaves the record, --for-real switches it', async () => {
    const dry = await runCli(tmp.dir, ['action', 'test', 'www-failover'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('www-failover (dns-failover), dry run');
    expect(fake.get('ZCLI', 'www.shop.test', 'A')?.values).toEqual(['192.0.2.10']);
    const real = await runCli(tmp.dir, ['action', 'test', 'www-failover', '--for-real'], env);
    expect(real.code).toBe(0);
    expect(fake.get('ZCLI', 'www.shop.test', 'A')?.values).toEqual(['198.51.100.10']);
    expect(real.stdout + real.stderr).not.toContain('cli-secret-never-printed');
  });

  it('an unknown action is a usage error naming the configured ones', async () => {
    const r = await runCli(tmp.dir, ['action', 'test', 'nope'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✗ unknown action "nope"; configured: web-recover, www-failover');
  });
});
