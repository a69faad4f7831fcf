/**
 * The arrows of the architecture note (README "Architecture"): front ends -> core; every front end may read
 * the shared modules (settings, webmails, messages, runtime), none imports another front end's module. Read
 * from the import statements of src/, so a new file cannot cross a line unseen.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

const FRONT_ENDS = ['background', 'content', 'popup', 'options', 'cli'] as const;
/** Shared by the front ends; what each may import in turn. */
const SHARED: Record<string, readonly string[]> = {
  core: ['core'],
  webmails: ['webmails'],
  settings: ['settings', 'core', 'webmails'],
  messages: ['messages', 'core', 'webmails'],
  runtime: ['runtime', 'messages'],
};

const sourceFiles = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
  .map((file) => resolve(src, file));

/** The top-level part of src/ a file belongs to: 'popup', 'core', 'messages' (for src/messages.ts)... */
function partOf(file: string): string {
  return relative(src, file).split('/')[0]!.replace(/\.tsx?$/, '');
}

/**
 * The files a source file imports (relative specifiers resolved), and the packages it names; with `values`, only
 * imports that load code (not `import type`, erased from the build).
 */
function importsOf(file: string, values = false): { files: string[]; packages: string[] } {
  const text = values ? readFileSync(file, 'utf8').replace(/(?:^|\n)\s*(?:import|export)\s+type\b[^;]*;/g, '\n') : readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)].map(
    (match) => (match[1] ?? match[2] ?? match[3])!,
  );
  const files: string[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    if (!specifier.startsWith('.')) {
      packages.push(specifier);
      continue;
    }
    // a vite query (`./banner.css?inline`) names the same file
    const base = resolve(dirname(file), specifier.replace(/\?[^/]*$/, ''));
    const target = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((candidate) => existsSync(candidate) && candidate !== dirname(candidate));
    if (target === undefined) throw new Error(`${relative(src, file)}: cannot resolve ${specifier}`);
    files.push(target);
  }
  return { files, packages };
}

describe('imports follow the architecture', () => {
  it('finds the front ends and shared modules it checks', () => {
    const parts = new Set(sourceFiles.map(partOf));
    for (const part of [...FRONT_ENDS, ...Object.keys(SHARED)]) expect(parts, part).toContain(part);
  });

  it.each(FRONT_ENDS)('src/%s imports only the shared modules and its own files', (frontEnd) => {
    const crossings = sourceFiles
      .filter((file) => partOf(file) === frontEnd)
      .flatMap((file) => importsOf(file).files.map((target) => [relative(src, file), relative(src, target)] as const))
      .filter(([, target]) => {
        const part = partOf(resolve(src, target));
        return part !== frontEnd && !(part in SHARED);
      });
    expect(crossings).toEqual([]);
  });

  it.each(Object.keys(SHARED))('src/%s imports no front end', (shared) => {
    const allowed = SHARED[shared]!;
    const crossings = sourceFiles
      .filter((file) => partOf(file) === shared)
      .flatMap((file) => importsOf(file).files.map((target) => [relative(src, file), relative(src, target)] as const))
      .filter(([, target]) => !allowed.includes(partOf(resolve(src, target))));
    expect(crossings).toEqual([]);
  });

  it('keeps ipaddr.js out of everything the settings pull in (the content script bundles them)', () => {
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const { files, packages } = importsOf(file);
      if (packages.includes('ipaddr.js')) reached.push(relative(src, file));
      files.forEach(visit);
    };
    for (const file of sourceFiles.filter((f) => partOf(f) === 'settings' || partOf(f) === 'webmails')) visit(file);
    expect(seen.size).toBeGreaterThan(2);
    expect(reached).toEqual([]);
    // the check finds ipaddr.js where it is: the core's endpoint validation
    visit(resolve(src, 'core/dns/endpoint.ts'));
    expect(reached).toEqual(['core/dns/endpoint.ts']);
  });

  it('keeps webextension-polyfill out of the content script (its size target; src/content/extension-api.ts)', () => {
    const seen = new Set<string>();
    const reached: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const { files, packages } = importsOf(file, true);
      if (packages.includes('webextension-polyfill')) reached.push(relative(src, file));
      files.forEach(visit);
    };
    visit(resolve(src, 'content/index.ts'));
    expect(seen.has(resolve(src, 'settings/settings.ts'))).toBe(true);
    expect(reached).toEqual([]);
    // the walk finds the polyfill where it is: the settings' storage, which the options page and the background load
    visit(resolve(src, 'settings/storage.ts'));
    expect(reached).toEqual(['settings/storage.ts']);
  });

  it('keeps the DNS work out of the popup and the options page: they ask the background, and load only words and views', () => {
    // the modules that ask the DNS or evaluate a policy; the pages reach none of them through imports that load code
    const engines = ['core/spf/evaluator.ts', 'core/spf/lint.ts', 'core/dmarc/evaluate.ts', 'core/dkim/key.ts', 'core/dkim/verify.ts', 'core/diagnose/diagnose.ts', 'core/diagnose/authentication.ts', 'core/dns/doh.ts'].map((f) => resolve(src, f));
    for (const engine of engines) expect(existsSync(engine), engine).toBe(true);
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      importsOf(file, true).files.forEach(visit);
    };
    for (const file of sourceFiles.filter((f) => partOf(f) === 'popup' || partOf(f) === 'options')) visit(file);
    expect(engines.filter((engine) => seen.has(engine)).map((engine) => relative(src, engine))).toEqual([]);
    // the walk does follow value imports: the background reaches them
    seen.clear();
    visit(resolve(src, 'background/index.ts'));
    expect(engines.filter((engine) => seen.has(engine)).length).toBeGreaterThan(4);
  });
});
