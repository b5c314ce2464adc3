import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A fake Chromium executable that only records that it was started. Pointing CHROME_PATH at it proves that
 * nothing launched a browser: the marker file never appears.
 */
export async function tripwireChrome(dir: string): Promise<{ chromePath: string; marker: string }> {
  const chromePath = path.join(dir, 'tripwire-chrome.sh');
  const marker = path.join(dir, 'chrome-was-launched');
  await writeFile(chromePath, `#!/bin/sh\necho "$@" >> '${marker}'\nexit 1\n`);
  await chmod(chromePath, 0o755);
  return { chromePath, marker };
}
