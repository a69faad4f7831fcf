import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost, lintPolicy } from '../../src/core/spf';
import type { Fix } from '../../src/core/diagnose/diagnose';
import type { LintFinding } from '../../src/core/spf/lint';
import {
  checkFieldProblems,
  checkPrefill,
  fixCopyText,
  flattenTree,
  lookupWords,
  recordTtls,
  sortFindings,
  tabFromQuery,
  treeFromLint,
  treeFromTrace,
  ttlWords,
  underlineSegments,
  type TreeNode,
} from '../../src/popup/view';
import { ZoneResolver } from '../helpers/zone-resolver';
import { readBounce } from '../../src/core/bounce';
import { diagnose } from '../../src/core/diagnose';
import { mechanismRows } from '../../src/popup/MechanismRows';
import { rsaPair, txtStrings } from '../helpers/dkim-sign';
import { zone } from '../diagnose/zones';
import type { ZoneData } from '../helpers/zone';
import { postfixGmailDmarcNotice } from '../helpers/report';

const ZONE: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 include:_spf.example.net include:other.example -all', ttl: 3600 }],
  '_spf.example.net': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 include:deep.example ~all', ttl: 600 }],
  'deep.example': [{ TXT: 'v=spf1 ip4:192.0.2.128/25 -all', ttl: 60 }],
  'other.example': [{ TXT: 'v=spf1 a -all', ttl: 600 }],
  'redirected.example': [{ TXT: 'v=spf1 redirect=_spf.example.net' }],
};

async function evaluate(domain: string, ip: string) {
  return checkHost({ ip, domain, sender: `postmaster@${domain}`, helo: domain }, { resolver: new ZoneResolver(ZONE) });
}

/** The texts of the marked terms, depth first. */
function marked(node: TreeNode): string[] {
  return node.terms.flatMap((t) => [...(t.matched ? [t.text] : []), ...(t.child ? marked(t.child) : [])]);
}

describe('include tree from the trace', () => {
  it('marks the terms on the matched path, through two includes', async () => {
    const evaluation = await evaluate('example.com', '192.0.2.200');
    expect(evaluation.result).toBe('pass');
    const tree = treeFromTrace(evaluation.trace, evaluation.matchedPath);
    expect(marked(tree)).toEqual(['include:_spf.example.net', 'include:deep.example', 'ip4:192.0.2.128/25']);
    expect(tree.cost).toBe(evaluation.trace.cost);
    expect(tree.result).toBe('pass');
  });

  it('marks only the root term that decided when no include matched', async () => {
    const evaluation = await evaluate('example.com', '192.0.2.25');
    expect(evaluation.result).toBe('fail');
    const tree = treeFromTrace(evaluation.trace, evaluation.matchedPath);
    expect(marked(tree)).toEqual(['-all']);
    // the include's own ~all matched inside it, but the include did not match: not on the path
    const spf = tree.terms.find((t) => t.text === 'include:_spf.example.net')?.child;
    expect(spf?.terms.find((t) => t.text === '~all')?.outcome).toBe('match');
    expect(spf?.terms.find((t) => t.text === '~all')?.matched).toBe(false);
  });

  it('follows a redirect', async () => {
    const evaluation = await evaluate('redirected.example', '203.0.113.7');
    const tree = treeFromTrace(evaluation.trace, evaluation.matchedPath);
    expect(marked(tree)).toEqual(['redirect=_spf.example.net', 'ip4:203.0.113.0/24']);
    expect(flattenTree(tree).map(({ node, level }) => `${level} ${node.via} ${node.domain}`)).toEqual([
      '1 root redirected.example',
      '2 redirect _spf.example.net',
    ]);
    // ip4 matched first: the include after it was never reached, so it has no record below it
    const spf = tree.terms[0]?.child;
    expect(spf?.terms.find((t) => t.text === 'include:deep.example')).toMatchObject({ outcome: 'not-evaluated', matched: false });
  });

  it('says why there is no record', async () => {
    const evaluation = await evaluate('nothing.example', '192.0.2.1');
    const tree = treeFromTrace(evaluation.trace, evaluation.matchedPath);
    expect(tree.record).toBeNull();
    expect(tree.problem).toBe(evaluation.trace.message);
  });
});

describe('include tree from the lint report', () => {
  it('has the worst-case cost per node and nothing marked', async () => {
    const report = await lintPolicy('example.com', { resolver: new ZoneResolver(ZONE) });
    if (report.tree === null) throw new Error('no tree');
    const tree = treeFromLint(report.tree);
    expect(marked(tree)).toEqual([]);
    expect(flattenTree(tree).map(({ node, level }) => `${level} ${node.domain} ${node.cost}`)).toEqual([
      '1 example.com 4',
      '2 _spf.example.net 1',
      '3 deep.example 0',
      '2 other.example 1',
    ]);
    expect(tree.cost).toBe(report.worstCaseLookups);
  });

  it('lists each record TTL once, in tree order', async () => {
    const report = await lintPolicy('example.com', { resolver: new ZoneResolver(ZONE) });
    if (report.tree === null) throw new Error('no tree');
    expect(recordTtls(treeFromLint(report.tree))).toEqual([
      { domain: 'example.com', ttl: 3600 },
      { domain: '_spf.example.net', ttl: 600 },
      { domain: 'deep.example', ttl: 60 },
      { domain: 'other.example', ttl: 600 },
    ]);
  });
});

describe('underlined spans', () => {
  const record = 'v=spf1 ptr ip4:mail.example.com -all';

  it('cuts the record around the span', () => {
    expect(underlineSegments(record, [{ start: 7, end: 10 }])).toEqual([
      { text: 'v=spf1 ', marked: false },
      { text: 'ptr', marked: true },
      { text: ' ip4:mail.example.com -all', marked: false },
    ]);
  });

  it('merges overlapping spans, clamps and drops empty ones', () => {
    expect(underlineSegments(record, [{ start: 11, end: 20 }, { start: 15, end: 31 }, { start: 33, end: 33 }, { start: 32, end: 999 }])).toEqual([
      { text: 'v=spf1 ptr ', marked: false },
      { text: 'ip4:mail.example.com', marked: true },
      { text: ' ', marked: false },
      { text: '-all', marked: true },
    ]);
    expect(underlineSegments('', [{ start: 0, end: 3 }])).toEqual([{ text: '', marked: false }]);
  });

  it('always gives back the record text, whatever the positions', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.record({ start: fc.integer({ min: -5, max: 80 }), end: fc.integer({ min: -5, max: 80 }) })), (text, spans) => {
        const segments = underlineSegments(text, spans);
        expect(segments.map((s) => s.text).join('')).toBe(text);
        // no two marked pieces touch: overlaps were merged
        for (let i = 1; i < segments.length; i++) expect(segments[i]?.marked && segments[i - 1]?.marked).toBe(false);
      }),
    );
  });
});

describe('words', () => {
  it('orders findings worst first, stable within a severity', () => {
    const f = (id: string, severity: LintFinding['severity']): LintFinding => ({ id: id as LintFinding['id'], severity, message: id, domain: 'example.com' });
    expect(sortFindings([f('a', 'info'), f('b', 'warning'), f('c', 'error'), f('d', 'warning')]).map((x) => x.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('counts lookups and TTLs in words', () => {
    expect(lookupWords(1)).toBe('1 lookup');
    expect(lookupWords(0)).toBe('0 lookups');
    expect(ttlWords(3600)).toBe('3600 seconds (1 hour)');
    expect(ttlWords(300)).toBe('300 seconds (5 minutes)');
    expect(ttlWords(86_400 * 2)).toBe('172800 seconds (2 days)');
    expect(ttlWords(299)).toBe('299 seconds');
    expect(ttlWords(1)).toBe('1 second');
  });

  it('copies the record, or its quoted strings when it is split', () => {
    const fix: Fix = {
      name: 'example.com',
      type: 'TXT',
      record: 'v=spf1 -all',
      verified: true,
      strings: ['v=spf1 -all'],
      zoneText: '"v=spf1 -all"',
      replaces: [],
      check: { result: 'pass', lookups: { count: 0, void: 0 } },
      ttl: 300,
      staleTerms: [],
      authorizes: null,
    };
    expect(fixCopyText(fix)).toBe('v=spf1 -all');
    expect(fixCopyText({ ...fix, strings: ['v=spf1 ', '-all'], zoneText: '"v=spf1 " "-all"' })).toBe('"v=spf1 " "-all"');
  });

  it('reads the tab id of popup.html?tab=<id>', () => {
    expect(tabFromQuery('?tab=42')).toBe(42);
    expect(tabFromQuery('?tab=0')).toBe(0);
    for (const bad of ['', '?tab=', '?tab=-1', '?tab=1.5', '?tab=abc', '?tab=1e3', `?tab=${'9'.repeat(20)}`]) expect(tabFromQuery(bad)).toBeUndefined();
  });
});

describe('check form problems', () => {
  const empty = { domain: '', ip: '', sender: '', helo: '', selector: '' };

  it('accepts a domain alone, and every field filled well', () => {
    expect(checkFieldProblems({ ...empty, domain: 'example.com' })).toEqual({});
    expect(checkFieldProblems({ domain: ' example.com. ', ip: '2001:db8::1', sender: 'alice@example.com', helo: 'mail.example.com', selector: 'selector1' })).toEqual({});
    expect(checkFieldProblems({ ...empty, domain: 'example.com', selector: '2024-01._mail' })).toEqual({});
    expect(checkFieldProblems({ ...empty, domain: 'example.com', sender: 'example.com' })).toEqual({});
  });

  it.each([
    [{ domain: '' }, 'domain', 'Enter the domain to check, such as example.com.'],
    [{ domain: 'localhost' }, 'domain', 'The domain needs at least one dot, such as example.com.'],
    [{ domain: 'alice@example.com' }, 'domain', 'The domain is a domain name, not an e-mail address: give the part after the @.'],
    [{ domain: 'https://example.com/' }, 'domain', 'The domain is a domain name such as example.com, not a web address.'],
    [{ domain: 'example..com' }, 'domain', 'The domain has two dots in a row or starts with a dot.'],
    [{ domain: `${'a'.repeat(64)}.com` }, 'domain', 'A part of the domain between dots is longer than 63 characters.'],
    [{ domain: 'example.com', ip: '192.0.2.300' }, 'ip', '"192.0.2.300" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.'],
    [{ domain: 'example.com', ip: 'fe80::1%eth0' }, 'ip', '"fe80::1%eth0" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.'],
    [{ domain: 'example.com', sender: 'alice@' }, 'sender', 'The sender is an address such as alice@example.com (or a domain alone).'],
    [{ domain: 'example.com', sender: 'alice smith@example.com' }, 'sender', 'The sender cannot contain spaces.'],
    [{ domain: 'example.com', helo: 'mail' }, 'helo', 'The HELO name needs at least one dot, such as example.com.'],
    [{ domain: 'example.com', selector: 's1._domainkey.example.com/' }, 'selector', 'A DKIM selector is the s= of a signature: letters, digits, "-" and "_", such as google or selector1.'],
    [{ domain: 'example.com', selector: 'my selector' }, 'selector', 'A DKIM selector is the s= of a signature: letters, digits, "-" and "_", such as google or selector1.'],
  ] as const)('%j: %s says so in words', (fields, field, words) => {
    expect(checkFieldProblems({ ...empty, ...fields })).toEqual({ [field]: words });
  });
});

describe('checkPrefill: an authentication refusal that names no IP (issue 11 section 3)', () => {
  it('fills in the domain and sender the bounce names and leaves the IP to the user', () => {
    expect(checkPrefill({ authFailure: true, ip: null, domain: 'example.com', sender: 'alice@example.com' })).toEqual({
      domain: 'example.com',
      ip: '',
      sender: 'alice@example.com',
      helo: '',
      selector: '',
    });
  });
  it("takes the sender's domain when the bounce names no domain of its own", () => {
    expect(checkPrefill({ authFailure: true, ip: null, domain: null, sender: 'alice@noip.example' })?.domain).toBe('noip.example');
  });
  it('keeps what is unknown empty', () => {
    expect(checkPrefill({ authFailure: true, ip: null, domain: null, sender: null })).toEqual({ domain: '', ip: '', sender: '', helo: '', selector: '' });
  });
  it('offers nothing for a bounce that names the IP or is not an authentication refusal', () => {
    expect(checkPrefill({ authFailure: true, ip: '192.0.2.1', domain: 'example.com', sender: null })).toBeNull();
    expect(checkPrefill({ authFailure: false, ip: null, domain: 'example.com', sender: null })).toBeNull();
    expect(checkPrefill(null)).toBeNull();
  });
});

describe("the per-mechanism rows: the receiver's own DKIM verdict", () => {
  const bounce = (dkimResult: string): string =>
    postfixGmailDmarcNotice([
      `Authentication-Results: mx.google.com; ${dkimResult} spf=fail smtp.mailfrom=ann@shop.example`,
      'Received: from out.mailer.example (out.mailer.example. [203.0.113.77]) by mx.google.com with ESMTPS id a1si; Mon, 02 Jun 2025 03:00:05 -0700',
      'DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s1; h=from; bh=YmFk; b=YmFk',
      'From: Ann <ann@shop.example>',
      '',
      'Hello',
    ]);

  async function dkimRow(dkimResult: string) {
    const key = (await rsaPair(1024)).record;
    const resolver = new ZoneResolver(
      zone({ 'shop.example': [{ TXT: 'v=spf1 -all' }], '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }], 's1._domainkey.shop.example': [{ TXT: txtStrings(key) }] }),
    );
    const { diagnosis } = await diagnose({ facts: await readBounce(bounce(dkimResult)) }, { resolver });
    return mechanismRows(diagnosis).find((row) => row.key === 'dkim-shop.example-s1');
  }

  it('shows what the receiver said beside the key, in the shared wording, and a failure there as a failure', async () => {
    const row = await dkimRow('dkim=fail (body hash did not verify) header.i=@shop.example header.s=s1;');
    expect(row?.result).toBe('key published; receiver: dkim=fail');
    expect(row?.tone).toBe('fail');
    expect(row?.evidence).toContain("; the receiver's Authentication-Results (mx.google.com): dkim=fail (body hash did not verify): the body no longer matched its signature");
  });

  it('without a verdict the row is as before', async () => {
    const row = await dkimRow('');
    expect(row?.result).toBe('key published');
    expect(row?.evidence).not.toContain('receiver');
  });
});
