import { defineConfig } from 'canarykit';

export default defineConfig({
  canaries: ['canaries/**/*.canary.ts'],
  redis: process.env.REDIS_URL, // optional: embedded default otherwise
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 8080 },
  // The primary origin listens on 127.0.0.12:8081; canaries and DNS reach it through this fault proxy,
  // so drills (and `canary fault inject http proxy=www-primary status=503`) can break it.
  proxies: { 'www-primary': { listen: '127.0.0.2:8081', upstream: 'http://127.0.0.12:8081' } },
  dns: {
    listen: { host: '127.0.0.1', port: 5353 },
    zones: [
      {
        name: 'demo.test',
        records: [{ name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' }],
      },
    ],
  },
  actions: {
    'www-failover': { type: 'dns-failover', record: 'www.demo.test' },
    'www-failback': { type: 'dns-failback', record: 'www.demo.test' },
    'ops-webhook': { type: 'webhook', url: 'http://127.0.0.1:9000/hook' },
  },
});
