import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';
import type { BrowserProvider } from '../../core/blueprint.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { withTimeout } from '../../core/with-timeout.ts';
import { sandboxFlags, userNamespaceSandboxAvailable } from './chrome-sandbox.ts';
import { findChrome } from './find-chrome.ts';

/** Chromium flags every canary browser gets (on top of puppeteer's own defaults and the sandbox choice). */
export const CHROME_FLAGS: readonly string[] = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DEFAULT_VIEWPORT = { width: 1280, height: 800 } as const;

export interface BrowserPoolOptions {
  /** Chromium executable; defaults to findChrome() (CHROME_PATH, then the usual system paths). */
  executablePath?: string;
  /** Extra Chromium flags appended to CHROME_FLAGS. */
  extraArgs?: readonly string[];
  /** How long Chromium may take to start, ms (default 30 000). */
  launchTimeoutMs?: number;
  /**
   * Timeout of a single DevTools protocol call, ms (puppeteer default 180 000). Must stay above the
   * longest canary timeout, since Page.navigate only answers once the server starts responding.
   */
  protocolTimeoutMs?: number;
  log?: Logger;
}

/** The single place where the canary browser's launch options are built. */
export function buildLaunchOptions(
  executablePath: string,
  userDataDir: string,
  opts: Pick<BrowserPoolOptions, 'extraArgs' | 'launchTimeoutMs' | 'protocolTimeoutMs'> = {},
): LaunchOptions {
  const options: LaunchOptions = {
    executablePath,
    headless: true,
    // Talk over stdin/stdout pipes: no debugging port to find or to leak, and Chromium dies with its pipe.
    pipe: true,
    userDataDir,
    // The sandbox when it can work (not root, user namespaces available); see chrome-sandbox.ts.
    args: [
      ...sandboxFlags(process.getuid?.(), userNamespaceSandboxAvailable()),
      ...CHROME_FLAGS,
      ...(opts.extraArgs ?? []),
    ],
    defaultViewport: { ...DEFAULT_VIEWPORT },
    timeout: opts.launchTimeoutMs ?? 30_000,
    // The worker owns shutdown (it calls close()); puppeteer still kills Chromium on process exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  };
  if (opts.protocolTimeoutMs !== undefined) options.protocolTimeout = opts.protocolTimeoutMs;
  return options;
}

interface Launched {
  browser: Browser;
  userDataDir: string;
  pid: number | undefined;
}

/**
 * One lazily launched headless Chromium shared by every run of the worker. Runs isolate
 * themselves with incognito contexts. A crashed or disconnected browser is replaced on the
 * next acquire(); concurrent acquire() calls during a launch share that launch.
 */
export class BrowserPool implements BrowserProvider {
  readonly #opts: BrowserPoolOptions;
  readonly #log: Logger;
  #current: Launched | undefined;
  #launching: Promise<Launched> | undefined;
  #closed = false;
  #launches = 0;
  readonly #disposing = new Set<Promise<void>>();

  constructor(options: BrowserPoolOptions = {}) {
    this.#opts = options;
    this.#log = options.log ?? createLogger('browser-pool');
  }

  /** How many times Chromium was launched (for diagnostics and tests). */
  get launchCount(): number {
    return this.#launches;
  }

  /** PID of the current browser process, if one is running. */
  get pid(): number | undefined {
    return this.#current && isAlive(this.#current.browser) ? this.#current.pid : undefined;
  }

  /** Profile directory of the current browser (removed when the browser goes away). */
  get userDataDir(): string | undefined {
    return this.#current?.userDataDir;
  }

  async acquire(): Promise<Browser> {
    if (this.#closed) throw new Error('BrowserPool is closed');
    const current = this.#current;
    if (current) {
      if (isAlive(current.browser)) return current.browser;
      this.#log.warn({ pid: current.pid }, 'browser is gone (crashed or disconnected); relaunching');
      this.#current = undefined;
      this.#disposeLater(current);
    }
    if (!this.#launching) {
      const launching = this.#launch();
      this.#launching = launching;
      launching.then(
        () => {
          if (this.#launching === launching) this.#launching = undefined;
        },
        () => {
          if (this.#launching === launching) this.#launching = undefined;
        },
      );
    }
    return (await this.#launching).browser;
  }

  /** Shuts the browser down and removes its profile directory. Further acquire() calls throw. */
  async close(): Promise<void> {
    this.#closed = true;
    const launching = this.#launching;
    if (launching) await launching.catch(() => undefined);
    const current = this.#current;
    this.#current = undefined;
    if (current) await this.#dispose(current);
    await Promise.all([...this.#disposing]);
  }

  #disposeLater(launched: Launched): void {
    const p = this.#dispose(launched).finally(() => this.#disposing.delete(p));
    this.#disposing.add(p);
  }

  async #launch(): Promise<Launched> {
    const executablePath = this.#opts.executablePath ?? findChrome();
    const userDataDir = await mkdtemp(join(tmpdir(), 'canarykit-chrome-'));
    const started = performance.now();
    let browser: Browser;
    let launchOptions: LaunchOptions | undefined;
    try {
      launchOptions = buildLaunchOptions(executablePath, userDataDir, this.#opts);
      browser = await puppeteer.launch(launchOptions);
    } catch (err) {
      await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`could not launch Chromium (${executablePath}): ${message}`, { cause: err });
    }
    this.#launches += 1;
    const launched: Launched = { browser, userDataDir, pid: browser.process()?.pid };
    browser.once('disconnected', () => {
      if (this.#current === launched) {
        this.#log.warn({ pid: launched.pid }, 'browser disconnected');
        this.#current = undefined;
        this.#disposeLater(launched);
      }
    });
    if (this.#closed) {
      // close() was called while we were launching.
      await this.#dispose(launched);
      throw new Error('BrowserPool is closed');
    }
    this.#current = launched;
    this.#log.info(
      {
        pid: launched.pid,
        executablePath,
        ms: Math.round(performance.now() - started),
        sandbox: !launchOptions?.args?.includes('--no-sandbox'),
        version: await browser.version().catch(() => '?'),
      },
      'browser launched',
    );
    return launched;
  }

  async #dispose(launched: Launched): Promise<void> {
    const { browser, userDataDir } = launched;
    const proc = browser.process();
    if (browser.connected) {
      await withTimeout(browser.close(), 5_000).catch((err: unknown) => {
        this.#log.warn({ err, pid: launched.pid }, 'browser.close() failed; killing the process');
      });
    }
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await withTimeout(exited, 5_000).catch(() => undefined);
    }
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch((err: unknown) => {
      this.#log.warn({ err, userDataDir }, 'could not remove the browser profile directory');
    });
  }
}

function isAlive(browser: Browser): boolean {
  if (!browser.connected) return false;
  const proc = browser.process();
  return !proc || (proc.exitCode === null && proc.signalCode === null);
}
