import { describe, expect, it } from 'vitest';
import { sandboxFlags, userNamespaceSandboxAvailable } from '../../runner/browser/chrome-sandbox.ts';

describe('chromium sandbox choice', () => {
  it('uses the sandbox when not root and user namespaces are available', () => {
    expect(sandboxFlags(1000, true)).toEqual([]);
    expect(sandboxFlags(undefined, true)).toEqual([]); // Windows: no uid, the platform sandbox
  });

  it('falls back to --no-sandbox as root or without user namespaces', () => {
    expect(sandboxFlags(0, true)).toEqual(['--no-sandbox']);
    expect(sandboxFlags(0, false)).toEqual(['--no-sandbox']);
    expect(sandboxFlags(1000, false)).toEqual(['--no-sandbox']);
  });

  it('reads user-namespace availability from the kernel settings on Linux', () => {
    const sysctl =
      (values: Record<string, string>) =>
      (path: string): string | undefined =>
        values[path.split('/').pop() ?? ''];
    expect(userNamespaceSandboxAvailable('darwin', sysctl({}))).toBe(true);
    expect(userNamespaceSandboxAvailable('linux', sysctl({ max_user_namespaces: '63000' }))).toBe(true);
    expect(userNamespaceSandboxAvailable('linux', sysctl({ max_user_namespaces: '0' }))).toBe(false);
    expect(userNamespaceSandboxAvailable('linux', sysctl({}))).toBe(false);
    expect(
      userNamespaceSandboxAvailable('linux', sysctl({ max_user_namespaces: '100', unprivileged_userns_clone: '0' })),
    ).toBe(false);
    expect(
      userNamespaceSandboxAvailable(
        'linux',
        sysctl({ max_user_namespaces: '100', apparmor_restrict_unprivileged_userns: '1' }),
      ),
    ).toBe(false);
  });
});
