import { artifactFileName } from './browser-session.ts';

/** Hands out artifact labels whose files are unique within a run: `login-failure`, then `login-failure-2`, … */
export class ArtifactNames {
  private readonly used = new Set<string>();

  next(label: string, ext = 'png'): string {
    const base = label.slice(0, 70);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const file = artifactFileName(candidate, ext).toLowerCase();
      if (!this.used.has(file)) {
        this.used.add(file);
        return candidate;
      }
    }
  }
}
