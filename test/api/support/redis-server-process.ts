import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { closedPort } from '../../support/closed-port.ts';

export interface RedisServerProcess {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits for it to exit: clients see connection refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port (if stopped) and waits until it answers PING. */
  start(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing is answered (a hung Redis) until `thaw()`. */
  freeze(): void;
  thaw(): void;
}

export interface RedisServerOptions {
  /** Persist with an append-only file in this directory, so a stop + start keeps the data (default: no persistence). */
  appendOnlyDir?: string;
}

/** A private redis-server on a free loopback port, without persistence unless asked, that a test may stop and restart. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerProcess> {
  const port = await closedPort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    if (child && child.exitCode === null) return;
    const persistence = opts.appendOnlyDir
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', opts.appendOnlyDir]
      : ['--appendonly', 'no'];
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: 'ignore',
    });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on('error', () => {});
    try {
      for (let i = 0; ; i++) {
        try {
          if (probe.status === 'wait') await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch (err) {
          if (i > 200) throw err;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
    } finally {
      probe.disconnect();
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGCONT');
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  const signal = (sig: NodeJS.Signals) => {
    if (!child || child.exitCode !== null) throw new Error('redis-server is not running');
    child.kill(sig);
  };
  await start();
  return { port, url, stop, start, freeze: () => signal('SIGSTOP'), thaw: () => signal('SIGCONT') };
}
