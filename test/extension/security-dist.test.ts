/**
 * What the shipping builds may contain: a content security policy on the extension pages, no eval or
 * Function constructor anywhere, no inline or remote script in the pages, and a content script that makes
 * no network request of its own (it hands bounce text to the background by message, nothing else).
 * Reads dist/chrome and dist/firefox: without them the tests are skipped with a line saying so, except
 * under CI=true, where the build exists by then and its absence is a failure.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TARGETS = ['chrome', 'firefox'] as const;

function distReady(): boolean {
  const missing = TARGETS.filter((t) => !existsSync(`${root}dist/${t}/manifest.json`));
  if (missing.length === 0) return true;
  const line = `dist/${missing.join(', dist/')} missing: run \`npm run build\` first`;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: the build must exist before the tests)`);
  console.warn(`\n!!! SKIPPING the checks of the built extension: ${line}\n`);
  return false;
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(`${dir}/${name}`).isDirectory() ? files(`${dir}/${name}`, `${prefix}${name}/`) : [`${prefix}${name}`]));
}

/**
 * Code that turns text into code. `\b` and the look-behind keep names such as wrapAsyncFunction( out;
 * a string argument to setTimeout/setInterval is the old implied eval.
 */
const DYNAMIC_CODE: readonly { what: string; pattern: RegExp }[] = [
  { what: 'eval(', pattern: /(?<![\w$.])eval\s*\(/ },
  { what: 'new Function', pattern: /\bnew\s+Function\s*\(/ },
  { what: 'Function(...) called as a constructor', pattern: /(?<![\w$.])(?<!new\s+)Function\s*\(\s*["'`]/ },
  { what: 'setTimeout/setInterval with a string', pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/ },
  { what: 'a remote import()', pattern: /\bimport\s*\(\s*["'`]https?:/ },
];

/** Ways a script could reach the network by itself. */
const NETWORK: readonly { what: string; pattern: RegExp }[] = [
  { what: 'fetch(', pattern: /(?<![\w$])fetch\s*\(/ },
  { what: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { what: 'WebSocket', pattern: /\bWebSocket\b/ },
  { what: 'EventSource', pattern: /\bEventSource\b/ },
  { what: 'sendBeacon', pattern: /\bsendBeacon\b/ },
];

function findings(text: string, rules: readonly { what: string; pattern: RegExp }[]): string[] {
  return rules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.what);
}

describe('the rules themselves', () => {
  it('find what they look for and leave look-alikes alone', () => {
    expect(findings('x = eval("1")', DYNAMIC_CODE)).toEqual(['eval(']);
    expect(findings('const f = new Function("a", "return a")', DYNAMIC_CODE)).toEqual(['new Function']);
    expect(findings('Function("return this")()', DYNAMIC_CODE)).toEqual(['Function(...) called as a constructor']);
    expect(findings('setTimeout("alert(1)", 5)', DYNAMIC_CODE)).toEqual(['setTimeout/setInterval with a string']);
    expect(findings('let w = wrapAsyncFunction(prop, m); obj.eval(x); isFunction(f); setTimeout(run, 5)', DYNAMIC_CODE)).toEqual([]);
    expect(findings('await fetch(url)', NETWORK)).toEqual(['fetch(']);
    expect(findings('this.fetchImpl(url); prefetch(q)', NETWORK)).toEqual([]);
  });
});

describe.skipIf(!distReady())('the built extension', () => {
  for (const target of TARGETS) {
    const dir = `${root}dist/${target}`;
    const read = (file: string): string => readFileSync(`${dir}/${file}`, 'utf8');

    it(`${target}: the extension pages have a content security policy without eval or remote scripts`, () => {
      const manifest = JSON.parse(read('manifest.json')) as { content_security_policy?: { extension_pages?: string } };
      const csp = manifest.content_security_policy?.extension_pages ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|\bdata:|\bblob:|\*/);
    });

    it(`${target}: no built script turns text into code`, () => {
      const scripts = files(dir).filter((f) => f.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(2);
      const found = scripts.flatMap((file) => findings(read(file), DYNAMIC_CODE).map((what) => `${file}: ${what}`));
      expect(found).toEqual([]);
    });

    it(`${target}: the pages load their scripts from the package only, none inline`, () => {
      const pages = files(dir).filter((f) => f.endsWith('.html'));
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) {
        const html = read(page);
        for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
          const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
          expect(src, `${page}: an inline script`).toBeDefined();
          expect(src, `${page}: a script from elsewhere`).not.toMatch(/^(?:[a-z]+:)?\/\//i);
        }
        expect(html, `${page}: an inline event handler`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
      }
    });

    it(`${target}: the content script makes no network request of its own`, () => {
      expect(findings(read('content.js'), NETWORK)).toEqual([]);
    });
  }
});
