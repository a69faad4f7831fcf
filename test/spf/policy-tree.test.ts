import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { renderEvaluation } from '../../src/cli/check';
import { checkHost } from '../../src/core/spf';
import { onMatchedPath, treeFromTrace } from '../../src/core/spf/tree';
import type { Evaluation } from '../../src/core/spf';
import { PolicyTree } from '../../src/popup/PolicyTree';
import { ZoneResolver } from '../helpers/zone-resolver';
import type { ZoneData } from '../helpers/zone';

// One provider's record reached twice: through a record that includes it with "-" (so that include gives fail
// and does not match) and then directly, where it decides. Its ip4 matched at both places; only the second
// place is on the matched path.
const ZONE: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 include:strict.example include:provider.example -all' }],
  'strict.example': [{ TXT: 'v=spf1 -include:provider.example ~all' }],
  'provider.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
  'redirected.example': [{ TXT: 'v=spf1 include:strict.example redirect=provider.example' }],
  'plain.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24' }],
};

async function evaluate(domain: string, ip = '192.0.2.7'): Promise<Evaluation> {
  return checkHost({ ip, domain, sender: `postmaster@${domain}`, helo: domain }, { resolver: new ZoneResolver(ZONE) });
}

/**
 * The CLI's marked terms (▶), depth first, each with the chain of records above it. A record line of depth d
 * starts after 3·d characters of "│" and space, a term line of that record after the same with "├─ " or "└─ ".
 */
function cliMarked(evaluation: Evaluation): string[] {
  const marked: string[] = [];
  const records: string[] = [];
  const lines = renderEvaluation(evaluation, false).split('\n');
  // the tree follows the summary's blank line
  for (const line of lines.slice(lines.indexOf('') + 1)) {
    const parts = /^([│ ]*)(?:([├└])─ (.*)|(\S+) .*)$/.exec(line);
    if (!parts) continue;
    const depth = (parts[1] as string).length / 3;
    if (parts[4] !== undefined) {
      records.length = depth;
      records.push(parts[4]);
    } else if ((parts[3] as string).startsWith('▶ ')) {
      marked.push(`${records.slice(0, depth + 1).join(' > ')}: ${(parts[3] as string).slice(2).split(' ')[0]}`);
    }
  }
  return marked;
}

type Child = VNode | string | number | boolean | null | undefined | Child[];

/** The popup's marked terms (li data-matched="true"), depth first, each with the chain of records above it. */
function popupMarked(evaluation: Evaluation): string[] {
  const marked: string[] = [];
  const walk = (node: Child, records: string[]): void => {
    if (node === null || node === undefined || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((c) => walk(c, records));
    const props = node.props as Record<string, unknown> & { children?: Child };
    // a function component is drawn by calling it, as preact would
    if (typeof node.type === 'function') return walk((node.type as (p: unknown) => Child)(props), records);
    const domain = props['data-domain'];
    const here = typeof domain === 'string' ? [...records, domain] : records;
    if (node.type === 'li' && props['data-matched'] === 'true') marked.push(`${here.join(' > ')}: ${codeText(props.children)}`);
    walk(props.children, here);
  };
  walk(PolicyTree({ root: treeFromTrace(evaluation.trace, evaluation.matchedPath), label: 'policy' }), []);
  return marked;
}

/** The text of the first <code> below `node`: the term as written. */
function codeText(node: Child): string | null {
  if (node === null || node === undefined || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const c of node) {
      const text = codeText(c);
      if (text !== null) return text;
    }
    return null;
  }
  const props = node.props as { children?: Child };
  if (node.type === 'code') return String(props.children);
  return codeText(props.children);
}

describe('one matched path for the popup and the CLI', () => {
  it('marks the terms the path went through, not the same terms of the same record reached elsewhere', async () => {
    const evaluation = await evaluate('example.com');
    expect(evaluation.result).toBe('pass');
    const expected = ['example.com: include:provider.example', 'example.com > provider.example: ip4:192.0.2.0/24'];
    expect(popupMarked(evaluation)).toEqual(expected);
    expect(cliMarked(evaluation)).toEqual(expected);
  });

  it('follows a redirect, and marks nothing in a record that decided by default', async () => {
    const redirected = await evaluate('redirected.example');
    expect(redirected.result).toBe('pass');
    expect(popupMarked(redirected)).toEqual(['redirected.example: redirect=provider.example', 'redirected.example > provider.example: ip4:192.0.2.0/24']);
    expect(cliMarked(redirected)).toEqual(popupMarked(redirected));
    const neutral = await evaluate('plain.example');
    expect(neutral.result).toBe('neutral');
    expect(popupMarked(neutral)).toEqual([]);
    expect(cliMarked(neutral)).toEqual([]);
  });

  it('takes a path step by its level of the tree', () => {
    const path = [
      { domain: 'example.com', via: 'root' as const, term: 'include:provider.example', start: 30, end: 54 },
      { domain: 'provider.example', via: 'include' as const, term: 'ip4:192.0.2.0/24', start: 7, end: 23 },
    ];
    expect(onMatchedPath(path, 1, 'provider.example', 7)).toBe(true);
    // the same record one level lower (reached through another include) is not the step of that level
    expect(onMatchedPath(path, 2, 'provider.example', 7)).toBe(false);
    expect(onMatchedPath(path, 0, 'example.com', 7)).toBe(false);
    expect(onMatchedPath([{ domain: 'plain.example', via: 'root' }], 0, 'plain.example', 7)).toBe(false);
  });
});
