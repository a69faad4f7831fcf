/**
 * What the content script's build takes of the wordings table (vite.config.ts wordingPatternsOnly): its patterns,
 * computed from the real table at build time, and none of the rows. The generated module is checked here without
 * a build; the built dist/chrome and dist/firefox content scripts are checked when they exist (skipped with a line
 * saying so otherwise, a failure under CI=true, as in security-dist.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as wordings from '../../src/core/bounce/wordings';
import { D, IDENTITY, IP } from '../../src/core/bounce/wording-row';
import { wordingPatternsModule } from '../../vite.config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TARGETS = ['chrome', 'firefox'] as const;

/** Strings only the table's rows hold: a receiver name, a reply code of a row's `codes`, a row's property name. */
const ROW_METADATA = ['policyd-spf', '550 5.7.26', 'receiver:', 'mechanism:'];
/** The slot pieces the rows share, written once in the content script (vite.config.ts wordingPatternsModule). */
const SLOT_PIECES = [D, IP, IDENTITY];

/** The string literals of a script ('...', "..." or `...` without substitutions), as written. */
function stringLiterals(script: string): string[] {
  return script.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.|\$(?!\{))*`/g) ?? [];
}

/** The string literal right after each place `call` stands in a script. */
function stringLiteralsAfter(script: string, call: string): string[] {
  const found: string[] = [];
  for (let at = script.indexOf(call); at !== -1; at = script.indexOf(call, at + 1)) {
    const [literal] = stringLiterals(script.slice(at + call.length, at + call.length + 100_000));
    if (literal !== undefined && script.startsWith(literal, at + call.length)) found.push(literal);
  }
  return found;
}

function distReady(): boolean {
  const missing = TARGETS.filter((t) => !existsSync(`${root}dist/${t}/content.js`));
  if (missing.length === 0) return true;
  const line = `dist/${missing.join('/content.js, dist/')}/content.js missing: run \`npm run build\` first`;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: the build must exist before the tests)`);
  console.warn(`\n!!! SKIPPING the checks of the built content script: ${line}\n`);
  return false;
}

const code = wordingPatternsModule(wordings, SLOT_PIECES);

describe('the wordings module of the content build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wording-patterns-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every pattern and list of patterns of the real module with the same sources and flags, and nothing else', async () => {
    const file = join(dir, 'wordings.mjs');
    writeFileSync(file, code);
    const generated = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const patterns = Object.entries(wordings).filter(([, value]) => value instanceof RegExp);
    const lists = Object.entries(wordings).filter(([, value]) => Array.isArray(value) && value.every((item) => item instanceof RegExp));
    expect(patterns.map(([name]) => name)).toEqual(expect.arrayContaining(['REFUSAL_WORDING', 'OTHER_REASON']));
    expect(lists.map(([name]) => name)).toEqual(['REFUSAL_WORDING_PARTS']);
    expect(Object.keys(generated).sort()).toEqual([...patterns, ...lists].map(([name]) => name).sort());
    for (const [name, pattern] of patterns) {
      const copy = generated[name] as RegExp;
      expect(copy, name).toBeInstanceOf(RegExp);
      expect([copy.source, copy.flags], name).toEqual([(pattern as RegExp).source, (pattern as RegExp).flags]);
    }
    for (const [name, list] of lists) {
      const copies = generated[name] as RegExp[];
      expect(copies.map((copy) => [copy.source, copy.flags]), name).toEqual((list as RegExp[]).map((part) => [part.source, part.flags]));
    }
    // the whole alternation is built from its parts at load: each row is in the script once
    expect(code).toContain("export const REFUSAL_WORDING = new RegExp(REFUSAL_WORDING_PARTS.map((part) => part.source).join('|'), \"i\");");
    // the same answers on the wordings' own kind of text
    const refusal = 'Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=a@b.example;ip=192.0.2.9;r=x';
    expect((generated.REFUSAL_WORDING as RegExp).exec(refusal)?.index).toBe(wordings.REFUSAL_WORDING.exec(refusal)?.index);
    expect((generated.REFUSAL_WORDING as RegExp).test('see you on Tuesday')).toBe(false);
  });

  it('writes each slot piece once', () => {
    for (const piece of SLOT_PIECES) expect(code.split(JSON.stringify(piece)).length - 1).toBe(1);
    expect(code.length).toBeLessThan(wordings.REFUSAL_WORDING.source.length);
  });

  it('holds no row of the table', () => {
    expect(wordings.AUTH_WORDINGS.length).toBeGreaterThan(50);
    for (const text of ROW_METADATA) expect(code, text).not.toContain(text);
    expect(code).not.toMatch(/AUTH_WORDINGS|SPECIFIC_WORDINGS/);
  });
});

describe.skipIf(!distReady())('the built content script', () => {
  for (const target of TARGETS) {
    const content = (): string => readFileSync(`${root}dist/${target}/content.js`, 'utf8');

    it(`${target}: carries REFUSAL_WORDING as the real table builds it, each slot piece once`, () => {
      const text = content();
      // the string the script builds REFUSAL_WORDING from, read as JavaScript: the minifier picks its own quotes
      const marked = (/new RegExp\(("(?:[^"\\]|\\.)*")/.exec(code)?.[1] ?? '') as string;
      const literals = stringLiteralsAfter(text, 'new RegExp(').map((literal) => runInNewContext(literal) as string);
      expect(literals.includes(JSON.parse(marked) as string), 'the marked REFUSAL_WORDING in content.js').toBe(true);
      for (const piece of SLOT_PIECES) {
        const copies = stringLiterals(text).filter((literal) => (runInNewContext(literal) as string) === piece);
        expect(copies, 'a slot piece in content.js').toHaveLength(1);
      }
    });

    it(`${target}: carries no row metadata of the wordings table`, () => {
      const text = content();
      expect(ROW_METADATA.filter((metadata) => text.includes(metadata))).toEqual([]);
    });
  }
});
