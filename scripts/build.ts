/**
 * `npm run build` (and `prepack`): compiles the production code to dist/ with tsconfig.build.json, so the packed
 * package runs on plain Node. Emits JavaScript (relative `.ts` specifiers rewritten to `.js`) and `.d.ts`, then copies
 * the non-TypeScript files of the "include" folders (HTML, CSS, JSON… read at run time) to the same place in dist/.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = path.join(ROOT, 'tsconfig.build.json');
const NOT_SHIPPED = /\.(test|bench)\.[cm]?[jt]sx?$/;

/** TypeScript sources are compiled, not copied; hand-written declarations are copied. */
const isAsset = (file: string) => !NOT_SHIPPED.test(file) && (!/\.[cm]?tsx?$/.test(file) || /\.d\.[cm]?ts$/.test(file));

function fail(diagnostics: readonly ts.Diagnostic[]): never {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.stderr.write(`build failed: ${diagnostics.length} TypeScript problem(s)\n`);
  process.exit(1);
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(abs)));
    else if (entry.isFile()) files.push(abs);
  }
  return files;
}

const read = ts.readConfigFile(CONFIG, (f) => ts.sys.readFile(f));
if (read.error) fail([read.error]);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, CONFIG);
if (parsed.errors.length > 0) fail(parsed.errors);
const outDir = parsed.options.outDir;
if (!outDir) throw new Error(`${CONFIG} sets no outDir`);

await rm(outDir, { recursive: true, force: true });
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const emitted = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (diagnostics.length > 0 || emitted.emitSkipped) fail(diagnostics);

const include: unknown = (read.config as { include?: unknown }).include;
const folders = (Array.isArray(include) ? include : [])
  .filter((entry): entry is string => typeof entry === 'string')
  .map((entry) => path.join(ROOT, entry))
  .filter((abs) => ts.sys.directoryExists(abs));
let assets = 0;
for (const folder of folders) {
  for (const file of (await filesUnder(folder)).filter(isAsset)) {
    await cp(file, path.join(outDir, path.relative(ROOT, file)));
    assets++;
  }
}

const compiled = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));
console.log(`built ${path.relative(ROOT, outDir)}/: ${compiled.length} modules, ${assets} asset file(s)`);
