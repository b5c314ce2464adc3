/**
 * The demo: two origins of a small site (primary 127.0.0.12:8081 behind the fault proxy on 127.0.0.2:8081,
 * secondary 127.0.0.3:8081), a webhook
 * receiver on 127.0.0.1:9000, and `canary up` with this repo's canary.config.ts and canaries/.
 */
import { createServer } from 'node:http';
import { loadProject } from '../config/load-project.ts';
import { ConfigError } from '../core/diagnostics.ts';
import { setLogFormat } from '../core/logger.ts';
import { ALL_ROLES, startStack } from '../stack/start-stack.ts';
import { serveUntilSignal } from '../cli/serve-until-signal.ts';
import { startDemoOrigin } from './demo-site.ts';

const primary = await startDemoOrigin('primary', '127.0.0.12', 8081);
const secondary = await startDemoOrigin('secondary', '127.0.0.3', 8081);
const hooks = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    process.stdout.write(`[webhook] ${body}\n`);
    res.end('ok');
  });
});
await new Promise<void>((resolve) => hooks.listen(9000, '127.0.0.1', resolve));

let project;
try {
  project = await loadProject();
} catch (err) {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  throw err;
}
// Human log lines at a terminal, JSON when piped (as `canary up` does).
await setLogFormat('auto');
const stack = await startStack({ project, roles: ALL_ROLES, allowRedisSpawn: true });
process.stdout.write(`
canarykit demo is up.
  primary origin   ${primary.url} (behind the fault proxy www-primary on http://127.0.0.2:8081/)
  secondary origin ${secondary.url}
  HTTP API         ${stack.apiUrl}
  DNS              dig @127.0.0.1 -p ${stack.dnsPort} www.demo.test A +short
  Redis            ${stack.redisUrl}

Run the failover drill (fault → ALARM → DNS failover → revert → failback, with TTD/TTF/TTR):
                    npx canary drill run drills/www-failover.drill.ts
Or by hand: break the primary:  curl -X POST http://127.0.0.2:8081/__demo/break
Heal it:            curl -X POST http://127.0.0.2:8081/__demo/heal
Watch the alarm:    curl -s ${stack.apiUrl}/api/alarms/www-down
Ctrl-C stops everything.
`);
serveUntilSignal({
  ...stack,
  close: async () => {
    await stack.close();
    hooks.close();
    await primary.close();
    await secondary.close();
  },
});
