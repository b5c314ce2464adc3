import { defineConfig } from 'canarykit';

export default defineConfig({
  canaries: ['canaries/**/*.canary.ts'],
  redis: process.env.REDIS_URL, // optional: embedded default otherwise
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 8080 },
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
