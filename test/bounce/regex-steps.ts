/**
 * A backtracking regular-expression matcher that counts its steps, for the patterns of the bounce reader.
 * It follows the ECMAScript semantics a backtracking engine such as V8's Irregexp runs (ECMA-262 22.2.2:
 * alternatives in order, greedy quantifiers longest first, lookbehind matched right to left), so the steps it
 * counts grow the way the engine's work grows: a pattern that re-reads a run of blanks from each blank counts
 * n² steps here as it costs n² there. The single characters are tested with the real engine.
 * test/bounce/linear.test.ts counts work between calls and cannot see inside one exec; this can.
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

type Continuation = (pos: number) => boolean;

export class StepLimit extends Error {}

type CharNode = AST.Character | AST.CharacterSet | AST.CharacterClass;

function isCharNode(node: AST.Node): node is CharNode {
  return node.type === 'Character' || node.type === 'CharacterClass' || node.type === 'CharacterSet';
}

const WORD = /[A-Za-z0-9_]/;
const LINE_END = /[\n\r\u2028\u2029]/;

export class CountingMatcher {
  readonly pattern: AST.Pattern;
  private readonly ignoreCase: boolean;
  private readonly multiline: boolean;
  private readonly tests = new Map<AST.Node, RegExp>();
  private text = '';
  steps = 0;
  private limit = Infinity;

  constructor(readonly regex: RegExp) {
    const parser = new RegExpParser({ ecmaVersion: 2025 });
    this.pattern = parser.parsePattern(regex.source, 0, regex.source.length, { unicode: regex.unicode });
    this.ignoreCase = regex.ignoreCase;
    this.multiline = regex.multiline;
  }

  private charTest(node: CharNode): RegExp {
    let test = this.tests.get(node);
    if (test === undefined) {
      test = new RegExp(`^(?:${node.raw})$`, (this.ignoreCase ? 'i' : '') + (this.regex.unicode ? 'u' : '') + (this.regex.dotAll ? 's' : ''));
      this.tests.set(node, test);
    }
    return test;
  }

  private tick(): void {
    if (++this.steps > this.limit) throw new StepLimit(`more than ${this.limit} steps`);
  }

  private charAt(pos: number, dir: number): string | undefined {
    return dir > 0 ? this.text[pos] : this.text[pos - 1];
  }

  private match(node: AST.Node, pos: number, dir: number, k: Continuation): boolean {
    this.tick();
    switch (node.type) {
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        for (const alternative of node.alternatives) if (this.match(alternative, pos, dir, k)) return true;
        return false;
      case 'Alternative': {
        const elements = node.elements;
        const n = elements.length;
        const go = (i: number, p: number): boolean => (i === n ? k(p) : this.match(elements[dir > 0 ? i : n - 1 - i] as AST.Node, p, dir, (q) => go(i + 1, q)));
        return go(0, pos);
      }
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass': {
        const c = this.charAt(pos, dir);
        return c !== undefined && this.charTest(node).test(c) && k(pos + dir);
      }
      case 'Assertion':
        return this.assertion(node, pos, k);
      case 'Quantifier':
        return this.quantifier(node, pos, dir, k);
      default:
        throw new Error(`the step counter does not read ${node.type} (${node.raw})`);
    }
  }

  private assertion(node: AST.Assertion, pos: number, k: Continuation): boolean {
    const text = this.text;
    switch (node.kind) {
      case 'start':
        return (pos === 0 || (this.multiline && LINE_END.test(text[pos - 1] as string))) && k(pos);
      case 'end':
        return (pos === text.length || (this.multiline && LINE_END.test(text[pos] as string))) && k(pos);
      case 'word': {
        const boundary = (pos > 0 && WORD.test(text[pos - 1] as string)) !== (pos < text.length && WORD.test(text[pos] as string));
        return boundary !== node.negate && k(pos);
      }
      case 'lookahead':
      case 'lookbehind': {
        const dir = node.kind === 'lookahead' ? 1 : -1;
        let found = false;
        for (const alternative of node.alternatives) {
          if (this.match(alternative, pos, dir, () => true)) {
            found = true;
            break;
          }
        }
        return found !== node.negate && k(pos);
      }
    }
  }

  private quantifier(node: AST.Quantifier, pos: number, dir: number, k: Continuation): boolean {
    const { min, max, greedy, element } = node;
    if (isCharNode(element)) {
      // a run of single characters: read as far as it goes, then hand back one at a time (or take one at a time)
      const test = this.charTest(element);
      let count = 0;
      let p = pos;
      if (greedy) {
        while (count < max) {
          this.tick();
          const c = this.charAt(p, dir);
          if (c === undefined || !test.test(c)) break;
          count++;
          p += dir;
        }
        for (; count >= min; count--, p -= dir) {
          this.tick();
          if (k(p)) return true;
        }
        return false;
      }
      for (;;) {
        this.tick();
        if (count >= min && k(p)) return true;
        if (count >= max) return false;
        const c = this.charAt(p, dir);
        if (c === undefined || !test.test(c)) return false;
        count++;
        p += dir;
      }
    }
    const repeat = (count: number, p: number): boolean => {
      this.tick();
      const more = (): boolean => count < max && this.match(element, p, dir, (q) => q !== p && repeat(count + 1, q));
      if (greedy) return more() || (count >= min && k(p));
      return (count >= min && k(p)) || more();
    };
    return repeat(0, pos);
  }

  /**
   * The steps of reading all of `text` the way a global pattern is read (exec after exec, each from where the
   * last match ended): a start is tried at every position that no match covers.
   */
  scan(text: string, limit = 1e8): number {
    this.text = text;
    this.steps = 0;
    this.limit = limit;
    let pos = 0;
    // a sticky pattern is tried where it is put, nowhere else
    if (this.regex.sticky) {
      this.match(this.pattern, 0, 1, () => true);
      return this.steps;
    }
    while (pos <= text.length) {
      let end = -1;
      for (let start = pos; start <= text.length; start++) {
        this.tick();
        if (
          this.match(this.pattern, start, 1, (e) => {
            end = e;
            return true;
          })
        ) {
          pos = end > start ? end : start + 1;
          break;
        }
        if (start === text.length) pos = text.length + 1;
      }
    }
    return this.steps;
  }

  /**
   * Inputs built from the pattern itself: for every quantifier that may repeat many times, what leads to it in
   * its alternative (one sample of each element before it) followed by its element's sample pumped, once as
   * one long run and once as prefix-and-run repeated. These are the shapes that make backtracking blow up.
   */
  pumps(size: number): string[] {
    const inputs: string[] = [];
    const visit = (node: AST.Node, prefix: string): void => {
      if (node.type === 'Pattern' || node.type === 'Group' || node.type === 'CapturingGroup' || (node.type === 'Assertion' && (node.kind === 'lookahead' || node.kind === 'lookbehind'))) {
        for (const alternative of node.alternatives) visit(alternative, prefix);
      } else if (node.type === 'Alternative') {
        let before = prefix;
        for (const element of node.elements) {
          visit(element, before);
          before += this.sample(element);
        }
      } else if (node.type === 'Quantifier') {
        if (node.max >= 8) {
          const unit = this.sample(node.element);
          if (unit !== '') {
            inputs.push((lead(prefix) + unit.repeat(size)).slice(0, size));
            const cycle = lead(prefix) + unit;
            inputs.push(cycle.repeat(Math.ceil(size / cycle.length)).slice(0, size));
          }
        }
        visit(node.element, prefix);
      }
    };
    const lead = (prefix: string): string => prefix.slice(-200);
    visit(this.pattern, '');
    return inputs;
  }

  /** A short string the node matches (empty when none is found). */
  sample(node: AST.Node): string {
    switch (node.type) {
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass': {
        const test = this.charTest(node);
        for (const c of ['a', 'A', ' ', '0', '5', '.', '-', ':', '@', '<', '>', '[', ']', '(', ')', '\n', '\t', 'x', '_', '/', ';', '=', '"', "'"]) if (test.test(c)) return c;
        return node.type === 'Character' ? String.fromCodePoint(node.value) : '';
      }
      case 'Quantifier':
        return this.sample(node.element).repeat(Math.max(node.min, 1));
      case 'Group':
      case 'CapturingGroup':
      case 'Pattern':
        return this.sample(node.alternatives[0] as AST.Alternative);
      case 'Alternative':
        return node.elements.map((element) => this.sample(element)).join('');
      default:
        return '';
    }
  }
}
