import { readFileSync } from 'node:fs';

/**
 * Chromium's sandbox flags. The sandbox is used whenever it can work: not as root (Chromium refuses to start a
 * sandboxed browser as root) and, on Linux, with unprivileged user namespaces available (the namespace sandbox
 * needs them; we do not rely on the setuid `chrome-sandbox` helper being installed). Otherwise `--no-sandbox`:
 * the page's renderer then runs with the worker's own rights, which is why the README says to run canaries only
 * against sites you trust, or to run workers unprivileged in a container.
 */
export function sandboxFlags(uid: number | undefined, userNamespacesAvailable: boolean): string[] {
  const root = uid === 0;
  return !root && userNamespacesAvailable ? [] : ['--no-sandbox'];
}

function readSysctl(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether Chromium's user-namespace sandbox can start here. Off Linux the platform's own sandbox is used (true).
 * On Linux: user namespaces are enabled, not restricted to privileged users (Debian's
 * `unprivileged_userns_clone`), and not confined by AppArmor (Ubuntu 23.10+'s `apparmor_restrict_unprivileged_userns`).
 */
export function userNamespaceSandboxAvailable(
  platform: NodeJS.Platform = process.platform,
  read: (path: string) => string | undefined = readSysctl,
): boolean {
  if (platform !== 'linux') return true;
  const max = Number(read('/proc/sys/user/max_user_namespaces') ?? '0');
  if (!(max > 0)) return false;
  if (read('/proc/sys/kernel/unprivileged_userns_clone') === '0') return false;
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') return false;
  return true;
}
