import { readBaseline } from '../kit/baseline-store.ts';
import { shotsOf, type VisualSettings } from './settings.ts';

/** With `requireBaseline`, every screenshot must already have a baseline when the project loads. */
export async function checkVisual(
  settings: VisualSettings,
  project: { dataDir: string; canaryName: string },
): Promise<Array<{ path: string; message: string }>> {
  if (!settings.requireBaseline) return [];
  const problems: Array<{ path: string; message: string }> = [];
  for (const shot of shotsOf(settings)) {
    if (!(await readBaseline(project.dataDir, project.canaryName, shot.name))) {
      problems.push({
        path: 'requireBaseline',
        message: `no baseline for screenshot "${shot.name}" under ${project.dataDir}/baselines/${project.canaryName}/: run the canary once without requireBaseline, then \`canary baseline update ${project.canaryName}\``,
      });
    }
  }
  return problems;
}
