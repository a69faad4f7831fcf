/**
 * The held-out sets (test/fixtures/bounce-heldout): real bounce text pasted in public issues and pages, collected and
 * labelled blind by people who had not read the reader. Recall on them is measured by `npm run bench`
 * (bench/reader-recall.bench.ts), not asserted here. What must hold on every file, in both ways in (`parse` reads a
 * file; a webmail's text passes the content script's pre-filter first):
 * - it is read, and the reading ends;
 * - no refusal for another reason (blocklist, PTR, rate limit, spam, SMTP AUTH, TLS...) is taken for an
 *   authentication failure: precision 1.00;
 * - a fact read is never wrong: where the reader names an IP (of any refusal) or the domain of an authentication
 *   refusal, it is the one the label names (a fact nothing supports stays null).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounce, readBounceText } from '../../src/core/bounce';
import type { BounceFacts } from '../../src/core/bounce';

interface HeldoutLabel {
  file: string;
  set: string;
  sha256: string;
  spf_related: boolean;
  category: string;
  ip: string | null;
  domain: string | null;
}

const dir = fileURLToPath(new URL('../fixtures/bounce-heldout/', import.meta.url));
const labels = JSON.parse(readFileSync(`${dir}labels.json`, 'utf8')) as HeldoutLabel[];

async function readings(label: HeldoutLabel): Promise<{ way: string; facts: BounceFacts }[]> {
  const bytes = new Uint8Array(readFileSync(dir + label.file));
  const text = new TextDecoder('utf-8').decode(bytes);
  return [
    { way: 'parse', facts: await readBounce(bytes) },
    { way: 'webmail', facts: readBounceText(looksLikeBounce(text) ? text : '') },
  ];
}

describe('held-out sets of pasted bounces', () => {
  it('are the files the labels name, byte for byte', () => {
    expect(labels.length).toBeGreaterThanOrEqual(200);
    for (const label of labels) {
      expect(createHash('sha256').update(readFileSync(dir + label.file)).digest('hex'), label.file).toBe(label.sha256);
    }
  });

  it('no refusal for another reason is read as an authentication failure', async () => {
    const alarms: string[] = [];
    for (const label of labels.filter((l) => !l.spf_related)) {
      for (const { way, facts } of await readings(label)) if (facts.authFailure) alarms.push(`${label.file} (${label.category}, ${way})`);
    }
    expect(alarms).toEqual([]);
  });

  it('an IP read is the one the label names, and so is a domain read for an authentication refusal', async () => {
    const wrong: string[] = [];
    for (const label of labels) {
      for (const { way, facts } of await readings(label)) {
        // a refusal for another reason too: its IP is the one a blocklist or PTR check named
        if (facts.ip !== null && facts.ip !== label.ip) wrong.push(`${label.file} ${way}: ip ${facts.ip}, label ${label.ip}`);
        if (!facts.authFailure) continue;
        if (facts.domain !== null && facts.domain.toLowerCase() !== label.domain?.toLowerCase()) wrong.push(`${label.file} ${way}: domain ${facts.domain}, label ${label.domain}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
