/**
 * Every pattern of the bounce reader runs in linear time, pattern by pattern. Each is run by a step-counting
 * backtracking matcher (regex-steps.ts) over inputs built from the pattern itself (what leads to each repeated
 * element, then that element pumped) and over the shapes known to hurt, at n and 4n characters: linear work
 * grows 4 times, a pattern that re-reads a run from every position of it 16 times. A bounded repeat with a
 * large bound is linear with a large factor (/<[^>]{0,2000}>/ read 2000 characters from every "<"), so the
 * steps per character are bounded too.
 * The patterns: every regular-expression literal in src/core/bounce/*.ts (found in the source, so a new one
 * is checked without being listed), the rows of the wordings and pre-filter tables, and the patterns the reader
 * builds at load time (facts.ts BUILT_PATTERNS).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BOUNCE_MARKERS } from '../../src/core/bounce/prefilter';
import { FORMAT_MARKERS, SIGNS, combineMarkers } from '../../src/core/bounce/prefilter-rules';
import { BUILT_PATTERNS } from '../../src/core/bounce/facts';
import { AUTH_WORDINGS, OTHER_REASON, REFUSAL_WORDING, REFUSAL_WORDING_PARTS, SPECIFIC_WORDINGS } from '../../src/core/bounce/wordings';
import { CountingMatcher } from './regex-steps';

const sourceDir = fileURLToPath(new URL('../../src/core/bounce/', import.meta.url));

/** Every regular-expression literal of a source file, as the RegExp it makes. */
function literalsIn(file: string): { name: string; regex: RegExp }[] {
  const source = ts.createSourceFile(file, readFileSync(sourceDir + file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; regex: RegExp }[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(source);
      const slash = text.lastIndexOf('/');
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ name: `${file}:${line} ${text.length > 70 ? text.slice(0, 70) + '…' : text}`, regex: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const PATTERNS: { name: string; regex: RegExp }[] = [
  ...readdirSync(sourceDir)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .flatMap(literalsIn),
  ...AUTH_WORDINGS.map((row, i) => ({ name: `wording ${i} ${row.receiver ?? '-'} ${row.pattern.source.slice(0, 50)}`, regex: row.pattern })),
  { name: 'OTHER_REASON', regex: OTHER_REASON },
  // the auth-refusal-wording marker is the wording rows above as one alternation: linear because each row is (at
  // each place it is tried, its work is the sum of its rows'), and too large for the step counter to pump each of
  // its repeats (test below: it is exactly that union)
  ...FORMAT_MARKERS.map((row) => ({ name: `marker ${row.name}`, regex: row.pattern })),
  ...combineMarkers(FORMAT_MARKERS).map((regex, i) => ({ name: `combined markers ${i}`, regex })),
  { name: 'pre-filter signs', regex: new RegExp(SIGNS.source, 'i') },
  ...BUILT_PATTERNS.map((regex) => ({ name: `built ${regex.source.slice(0, 60)}`, regex })),
];

// shapes that hurt backtracking patterns in general (and the inputs of issue 12)
const SHAPES = [' ', '\t', '\n', ' \n', 'a', '<', '>', '[', '.', ':', '-', '0', '550 ', '550-5.7.26 ', 'a.', '1.1.', 'a@', '<a@b.c>: ', '&amp;', '**', '> '];

const SMALL = 2500;
/** steps per character: above every bounded repeat the tables need (D reads at most 8 labels of 63) */
const STEPS_PER_CHAR = 1200;

function inputsFor(matcher: CountingMatcher, size: number): string[] {
  return [...matcher.pumps(size), ...SHAPES.map((unit) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size))];
}

function checkGrowth(matcher: CountingMatcher, small: number): void {
  const large = 4 * small;
  const smallInputs = inputsFor(matcher, small);
  const largeInputs = inputsFor(matcher, large);
  for (let i = 0; i < smallInputs.length; i++) {
    const a = matcher.scan(smallInputs[i] as string, STEPS_PER_CHAR * small * 4);
    const b = matcher.scan(largeInputs[i] as string, STEPS_PER_CHAR * large * 4);
    const input = JSON.stringify((smallInputs[i] as string).slice(0, 40));
    // 4 times the text: linear work is 4 times the steps, quadratic 16
    expect(b, `input ${input}…: ${a} steps at ${small}, ${b} at ${large}`).toBeLessThanOrEqual(a * 5 + 1000);
    expect(b / large, `input ${input}…: steps per character`).toBeLessThanOrEqual(STEPS_PER_CHAR);
  }
}

describe('every bounce pattern runs in linear time (steps counted per pattern)', () => {
  it('finds the patterns', () => {
    expect(PATTERNS.length).toBeGreaterThan(100);
  });

  it('the auth-refusal-wording marker and the reader\'s codeless search are exactly the specific wording rows, each checked here', () => {
    const marker = BOUNCE_MARKERS.find((row) => row.name === 'auth-refusal-wording')!.pattern;
    expect(marker).toBe(REFUSAL_WORDING);
    expect(REFUSAL_WORDING.source).toBe(SPECIFIC_WORDINGS.map((row) => `(?:${row.pattern.source})`).join('|'));
    // one flag set: every row is case-insensitive and nothing else, so the union reads each row as the row does
    for (const row of SPECIFIC_WORDINGS) expect(row.pattern.flags, row.pattern.source).toBe('i');
    expect(REFUSAL_WORDING.flags).toBe('i');
    for (const row of SPECIFIC_WORDINGS) expect(PATTERNS.some(({ regex }) => regex === row.pattern)).toBe(true);
  });

  it('the codeless search reads the same rows in parts that V8 still optimises (a source under 20 KB each)', () => {
    // v8 src/regexp/regexp.cc kRegExpTooLargeToOptimize: a longer source is interpreted, 6 to 30 times slower on long texts
    for (const part of REFUSAL_WORDING_PARTS) expect(part.source.length).toBeLessThan(20 * 1024);
    expect(REFUSAL_WORDING_PARTS.map((part) => part.source).join('|')).toBe(REFUSAL_WORDING.source);
  });

  it('fails the quadratic patterns of issue 12 (the check can fail)', () => {
    const before = [
      // text.ts makeReply: 79 s on "550 5.7.1 " + 256k blanks
      /\s*\(in reply to [^()]{1,60}\)\s*$/i,
      // prefilter.ts smtp-status: 478 ms on "550" + 20k blanks
      /\b[45]\d\d[ \t]*(?:-|\r?\n)?[ \t]*[45]\.\d{1,3}\.\d{1,3}\b/i,
      // mime.ts htmlToText: 10 s on 1 MB of "<" (linear, 2000 steps a character)
      /<[^>]{0,2000}>/g,
    ];
    for (const regex of before) expect(() => checkGrowth(new CountingMatcher(regex), SMALL), regex.source).toThrow();
  });
  for (const { name, regex } of PATTERNS) {
    it(name, () => {
      const matcher = new CountingMatcher(regex);
      // a repeated group recurses once per round in the counter (the engine keeps its own stack): where the
      // stack runs out, smaller sizes
      for (const size of [SMALL, SMALL / 5, SMALL / 25]) {
        try {
          checkGrowth(matcher, size);
          return;
        } catch (error) {
          if (!(error instanceof RangeError) || size === SMALL / 25) throw error;
        }
      }
    });
  }
});
