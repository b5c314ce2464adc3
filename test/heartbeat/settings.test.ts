import { describe, expect, it } from 'vitest';
import { chromiumNetError, formatSeconds } from '../../blueprints/heartbeat/load-reason.ts';
import { containsText } from '../../blueprints/heartbeat/page-text.ts';
import { heartbeatSettings } from '../../blueprints/heartbeat/settings.ts';
import { CHROME_CANDIDATE_PATHS, findChrome } from '../../runner/browser/find-chrome.ts';

describe('heartbeat settings', () => {
  it('requires an http(s) url and applies defaults', () => {
    expect(heartbeatSettings.parse({ url: 'http://127.0.0.1:8080/health' })).toEqual({
      url: 'http://127.0.0.1:8080/health',
      screenshot: true,
      har: true,
    });
    expect(
      heartbeatSettings.parse({
        url: 'https://example.test/',
        expectText: 'Welcome',
        viewport: { width: 800, height: 600 },
        screenshot: false,
        har: false,
      }),
    ).toEqual({
      url: 'https://example.test/',
      expectText: 'Welcome',
      viewport: { width: 800, height: 600 },
      screenshot: false,
      har: false,
    });
  });

  it('rejects bad input', () => {
    for (const bad of [
      {},
      { url: 'ftp://example.test/' },
      { url: 'not a url' },
      { url: 'javascript:alert(1)' },
      { url: 'http://x.test', expectText: '' },
      { url: 'http://x.test', viewport: { width: 800 } },
      { url: 'http://x.test', viewport: { width: 800.5, height: 600 } },
      { url: 'http://x.test', screenshot: 'yes' },
    ]) {
      expect(heartbeatSettings.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('heartbeat helpers', () => {
  it('extracts Chromium net errors only', () => {
    expect(chromiumNetError(new Error('net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/'))).toBe(
      'net::ERR_CONNECTION_REFUSED',
    );
    expect(chromiumNetError(new Error('net::ERR_NAME_NOT_RESOLVED at http://x.test/'))).toBe(
      'net::ERR_NAME_NOT_RESOLVED',
    );
    expect(chromiumNetError(new Error('Protocol error: Connection closed.'))).toBeUndefined();
    expect(chromiumNetError(new Error('Navigating frame was detached'))).toBeUndefined();
  });

  it('formats seconds', () => {
    expect(formatSeconds(5_000)).toBe('5');
    expect(formatSeconds(1_500)).toBe('1.5');
    expect(formatSeconds(250)).toBe('0.25');
  });

  it('matches text across innerText line breaks', () => {
    expect(containsText('Welcome\nhome', 'Welcome')).toBe(true);
    expect(containsText('Welcome\n\nhome', 'Welcome home')).toBe(true);
    expect(containsText('Hello', 'Welcome')).toBe(false);
  });
});

describe('findChrome', () => {
  const only =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);

  it('prefers CHROME_PATH', () => {
    expect(
      findChrome({
        env: { CHROME_PATH: '/opt/chrome/chrome' },
        isExecutable: only('/opt/chrome/chrome', '/usr/bin/chromium'),
      }),
    ).toBe('/opt/chrome/chrome');
  });

  it('rejects a CHROME_PATH that is not executable, with the fix', () => {
    expect(() => findChrome({ env: { CHROME_PATH: '/nope' }, isExecutable: only('/usr/bin/chromium') })).toThrow(
      /CHROME_PATH.*\/nope.*apt-get install -y chromium/s,
    );
  });

  it('falls back to the usual system paths in order', () => {
    expect(findChrome({ env: {}, isExecutable: only('/usr/bin/google-chrome', '/snap/bin/chromium') })).toBe(
      '/usr/bin/google-chrome',
    );
    expect(CHROME_CANDIDATE_PATHS[0]).toBe('/usr/bin/chromium');
    expect(CHROME_CANDIDATE_PATHS).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('says exactly how to fix a missing browser', () => {
    let message = '';
    try {
      findChrome({ env: {}, isExecutable: () => false });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('apt-get install -y chromium');
    expect(message).toContain('CHROME_PATH');
  });

  it('finds the Chromium installed on this machine', () => {
    expect(CHROME_CANDIDATE_PATHS).toContain(findChrome({ env: {} }));
  });
});
