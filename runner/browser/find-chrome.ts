import { accessSync, constants, statSync } from 'node:fs';

/** Where Chromium / Chrome usually lives, in the order we try them. */
export const CHROME_CANDIDATE_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const CHROME_INSTALL_HINT =
  'Install it with `apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH to the Chrome/Chromium executable.';

export interface FindChromeOptions {
  /** Defaults to process.env; only CHROME_PATH is read. */
  env?: Record<string, string | undefined>;
  /** Defaults to CHROME_CANDIDATE_PATHS. */
  candidates?: readonly string[];
  /** Defaults to "is an executable regular file". */
  isExecutable?: (path: string) => boolean;
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the Chromium executable: `CHROME_PATH` if set (it must exist), else the first usual
 * system location that holds an executable. Throws an Error telling how to fix it otherwise.
 */
export function findChrome(options: FindChromeOptions = {}): string {
  const env = options.env ?? process.env;
  const candidates = options.candidates ?? CHROME_CANDIDATE_PATHS;
  const isExecutable = options.isExecutable ?? isExecutableFile;

  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(
      `CHROME_PATH is set to "${fromEnv}", which is not an executable file. ` +
        `Point CHROME_PATH at the Chrome/Chromium executable, or unset it and run \`apt-get install -y chromium\`.`,
    );
  }
  for (const candidate of candidates) {
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`No Chrome/Chromium found (looked in ${candidates.join(', ')}). ${CHROME_INSTALL_HINT}`);
}
