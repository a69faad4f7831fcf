import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBounce, readBounceText, looksLikeBounce } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/', import.meta.url));

interface Label {
  file: string;
  sha256: string;
  spf_related: boolean;
  category: string;
  ip: string | null;
  domain: string | null;
  domain_role: string | null;
  sender: string | null;
  recipient: string | null;
  status: string | null;
  notes: string;
}

const labels = JSON.parse(readFileSync(corpusDir + 'labels.json', 'utf8')) as Label[];

/**
 * Where the labels say `sender: null` but the message shows its envelope sender. Every one is a negative;
 * the labels fill the sender for other messages that show it the same way (X-Postfix-Sender in
 * lhost-postfix-04/-44/-51, Return-Path of the returned message in lhost-qmail-09, rhost-google-06).
 * The reader reports what the message shows; these are listed in the report, not bent to.
 */
const SENDER_LABEL_DISAGREEMENTS: Record<string, { sender: string; shownBy: string; recipient?: string }> = {
  'full/sisimai__lhost-sendmail-33.eml': { sender: 'shironeko@example.co.jp', shownBy: 'Return-Path of the returned message' },
  'full/sisimai__lhost-postfix-38.eml': { sender: 'nekonyaan@example.com', shownBy: 'X-Postfix-Sender' },
  'full/sisimai__rhost-godaddy-02.eml': { sender: 'sironeko@mta1.example.net', shownBy: 'Return-Path of the returned message' },
  'full/sisimai__lhost-sendmail-08.eml': { sender: 'nyanko@example.co.jp', shownBy: 'the transcript ">>> MAIL From:<...>"' },
  'full/sisimai__lhost-outlook-09.eml': { sender: 'sironeko@example.com', shownBy: 'Return-Path of the returned message' },
  'full/sisimai__lhost-sendmail-38.eml': { sender: 'sironeko@example.jp', shownBy: 'Return-Path of the returned message' },
  'full/sisimai__rhost-franceptt-12.eml': { sender: 'xxxx@xxxx.net', shownBy: 'Return-Path of the returned headers (anonymised)' },
  'full/sisimai__rhost-google-08.eml': { sender: 'httpd@cat3.example.com', shownBy: 'X-Postfix-Sender' },
  'full/bounceparser__spam-rejection3.eml': { sender: 'automated-bounces+34DF9A6A-2531-11DF-8A35-BDE1FCD165A0@email.example.com', shownBy: 'X-Postfix-Sender' },
  'full/bounceparser__spam-rejection20.eml': { sender: 'automated-bounces+EAF5972C-D88C-11E0-889E-A83DE810887E@email.example.com', shownBy: 'X-Postfix-Sender' },
  'full/bounceparser__relaying-denied.eml': { sender: 'automated-bounces+2BF08D5E-D3BC-11DE-978E-ED74DD31F8F5@email.example.com', shownBy: 'X-Postfix-Sender' },
  'full/bounceparser__no-such-domain.eml': { sender: 'automated-bounces+B3375476-AABE-11DF-A3CD-B4AB787E7C68@email.example.com', shownBy: 'X-Postfix-Sender' },
  // the reporter masked both addresses of the log line ("from=<xxxxx@xxxx.xxx> to=<xxxxx@xxxxx.xxx>"); the
  // masks are well-formed addresses (.xxx is a top-level domain), so the reader shows them as written
  'excerpts/exc__github-issue__spamassassin-dqs-53__postfix-log-spamhaus-open-resolver.txt': {
    sender: 'xxxxx@xxxx.xxx',
    recipient: 'xxxxx@xxxxx.xxx',
    shownBy: 'the masked from=<> and to=<> of the Postfix reject log line',
  },
};

const EVIDENCE_SOURCES = new Set(['rejection', 'dsn', 'transcript', 'authentication-results', 'received-spf', 'received', 'return-path', 'from', 'notice', 'feedback-report']);
const ADDRESS = /^[^\s@<>()",;:]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$/;

/**
 * The labels write a recipient as the page shows it: a page that obfuscated or redacted it gives
 * "[email protected]" or "<redacted>". That is no address; the contract's `recipient` is one, so such a
 * label means null. Two recipients refused in one paste are written "a; b", with their statuses "s1 (...);
 * s2 (...)" in the same order: each must be among `recipients`, and the main recipient and status must be
 * one of the pairs.
 */
function splitList(label: string | null): (string | null)[] {
  if (label === null) return [null];
  return label.split('; ').map((part) => part.trim());
}


/**
 * The labels write `status` as the reply shows it, sometimes followed by a remark in parentheses:
 * "(DSN Status: 5.0.0)" where the delivery-status part says something else, "(no enhanced code)",
 * "(5.7.1 in text)". The remark is the labeller's note, not part of the reply: `status` is compared with
 * the label before the remark, and a "DSN Status" remark with the `dsnStatus` field.
 */
function splitStatusLabel(label: string | null): { status: string | null; dsnStatus: string | null } {
  if (label === null) return { status: null, dsnStatus: null };
  const remark = / \(([^()]*)\)$/.exec(label);
  if (remark === null) return { status: label, dsnStatus: null };
  // "(DSN Status: 5.0.0)" of a delivery-status part, "(dsn=5.7.26)" of a Postfix log line
  const dsn = /^(?:DSN Status: |dsn=)([245]\.[0-9]{1,3}\.[0-9]{1,3})$/.exec(remark[1] as string);
  return { status: label.slice(0, remark.index), dsnStatus: dsn === null ? null : (dsn[1] as string) };
}

function expectLabelled(facts: BounceFacts, label: Label): void {
  expect(facts.authFailure, 'authFailure').toBe(label.spf_related);
  if (!label.spf_related) expect(facts.mechanism, 'mechanism of a negative').toBeNull();
  expect(facts.ip, 'ip').toBe(label.ip);
  expect(facts.domain, 'domain').toBe(label.domain);
  expect(facts.domainRole, 'domainRole').toBe(label.domain_role);
  const disagreement = SENDER_LABEL_DISAGREEMENTS[label.file];
  if (disagreement !== undefined) {
    expect(label.sender, 'label still null (else drop the disagreement)').toBeNull();
    expect(facts.sender, `sender shown by ${disagreement.shownBy}`).toBe(disagreement.sender);
  } else {
    expect(facts.sender, 'sender').toBe(label.sender);
  }
  const recipients = splitList(label.recipient).map((recipient) => (recipient !== null && ADDRESS.test(recipient) ? recipient : null));
  const statuses = splitList(label.status).map(splitStatusLabel);
  if (disagreement?.recipient !== undefined) {
    expect(label.recipient, 'label still null (else drop the disagreement)').toBeNull();
    expect(facts.recipient, `recipient shown by ${disagreement.shownBy}`).toBe(disagreement.recipient);
  } else if (recipients.length === 1) {
    expect(facts.recipient, 'recipient').toBe(recipients[0]);
  } else {
    const pairs = recipients.map((recipient, i) => `${recipient} ${statuses[i]?.status}`);
    expect(pairs, 'main recipient and status').toContain(`${facts.recipient} ${facts.status}`);
    expect(facts.recipients.map((entry) => `${entry.recipient} ${entry.status}`), 'every refused recipient').toEqual(expect.arrayContaining(pairs));
  }
  if (statuses.length === 1) {
    const status = statuses[0] as { status: string | null; dsnStatus: string | null };
    expect(facts.status, 'status').toBe(status.status);
    if (status.dsnStatus !== null) expect(facts.dsnStatus, 'dsnStatus').toBe(status.dsnStatus);
  }
  if (facts.status !== null) expect(facts.rejection.length, 'the rejection is quoted').toBeGreaterThan(0);
  // the contract's evidence: one source for each of ip, domain, sender that is not null, and none for a null one
  const evidence = facts.evidence ?? {};
  for (const field of ['ip', 'domain', 'sender'] as const) {
    if (facts[field] === null) expect(evidence[field], `no evidence for a null ${field}`).toBeUndefined();
    else expect(EVIDENCE_SOURCES.has(evidence[field] ?? ''), `evidence for ${field}: ${evidence[field]}`).toBe(true);
  }
  expect(Array.isArray(facts.dkim), 'dkim is a list').toBe(true);
  expect(facts.headerFrom === null || ADDRESS.test(facts.headerFrom ?? ''), 'headerFrom is an address or null').toBe(true);
  for (const conflict of facts.evidenceConflicts ?? []) {
    expect(facts[conflict.field], 'a conflict names the value kept').toBe(conflict.value);
    expect(facts.evidence?.[conflict.field], 'and where it was read').toBe(conflict.source);
  }
}

describe('bounce corpus (76 real messages and excerpts, labels.json)', () => {
  it('holds every message byte for byte', () => {
    expect(labels).toHaveLength(76);
    for (const label of labels) {
      const digest = createHash('sha256').update(readFileSync(corpusDir + label.file)).digest('hex');
      expect(digest, label.file).toBe(label.sha256);
    }
  });

  for (const label of labels) {
    const bytes = new Uint8Array(readFileSync(corpusDir + label.file));
    it(`${label.file} as a raw message`, async () => {
      expectLabelled(await readBounce(bytes), label);
    });
    it(`${label.file} read as plain text`, () => {
      expectLabelled(readBounceText(new TextDecoder('latin1').decode(bytes)), label);
    });
    it(`${label.file} passes the pre-filter`, () => {
      expect(looksLikeBounce(new TextDecoder('latin1').decode(bytes))).toBe(true);
    });
  }

  it('quotes the words each fact was read from as the text shows them', () => {
    let quoted = 0;
    let facts = 0;
    for (const label of labels) {
      const text = new TextDecoder('latin1').decode(new Uint8Array(readFileSync(corpusDir + label.file)));
      const read = readBounceText(text);
      for (const field of ['ip', 'domain', 'sender'] as const) {
        const quote = read.quotes?.[field];
        if (read[field] === null) {
          expect(quote, `${label.file}: no quote for a null ${field}`).toBeUndefined();
          continue;
        }
        facts++;
        if (quote === undefined) continue;
        quoted++;
        // the original words, as written (folds, quote marks, entities and all), and about this value
        expect(text.includes(quote), `${label.file} ${field}: ${JSON.stringify(quote)}`).toBe(true);
        expect(quote.length, `${label.file} ${field}`).toBeLessThanOrEqual(300);
        if (field !== 'ip') expect(quote.toLowerCase(), `${label.file} ${field}`).toContain((read[field] as string).toLowerCase());
      }
    }
    // an IPv6 address read in another form than written, or a value the text spells otherwise, has no quote
    expect(quoted / facts).toBeGreaterThan(0.95);
  });

  it('finds the mechanism the wording names', async () => {
    const mechanismOf = async (name: string) => (await readBounce(new Uint8Array(readFileSync(corpusDir + 'full/' + name)))).mechanism;
    expect(await mechanismOf('sisimai__lhost-exim-29.eml')).toBe('spf');
    expect(await mechanismOf('lab__ooknosi-tools_lab_2__spf_fail.eml')).toBe('spf');
    expect(await mechanismOf('bounceparser__warning-9.eml')).toBe('spf');
    // 5.7.515 "Spf= Fail , Dkim= Pass , DMARC= Pass"
    expect(await mechanismOf('sisimai__rhost-microsoft-06.eml')).toBe('spf');
    expect(await mechanismOf('sisimai__lhost-dragonfly-01.eml')).toBe('dmarc');
    expect(await mechanismOf('sisimai__lhost-qmail-15.eml')).toBe('dmarc');
    expect(await mechanismOf('sisimai__lhost-postfix-73.eml')).toBe('dmarc');
    // Yahoo 5.7.9 names no mechanism (help.yahoo.com SLN7253: DKIM, SPF or DMARC)
    expect(await mechanismOf('sisimai__lhost-dragonfly-03.eml')).toBe('auth');
    expect(await mechanismOf('sisimai__lhost-sendmail-59.eml')).toBe('auth');
  });

  it('names the receiver and the reporting MTA', async () => {
    const read = async (name: string) => readBounce(new Uint8Array(readFileSync(corpusDir + 'full/' + name)));
    expect((await read('sisimai__lhost-dragonfly-01.eml')).receiver).toBe('gmail');
    expect((await read('sisimai__lhost-qmail-15.eml')).receiver).toBe('microsoft');
    expect((await read('sisimai__lhost-postfix-66.eml')).receiver).toBe('yahoo');
    expect((await read('sisimai__lhost-postfix-73.eml')).receiver).toBe('zoho');
    expect((await read('lab__ooknosi-tools_lab_2__spf_fail.eml')).receiver).toBe('policyd-spf');
    expect((await read('bounceparser__warning-9.eml')).receiver).toBe('messagelabs');
    expect((await read('sisimai__rhost-mimecast-01.eml')).receiver).toBe('mimecast');
    const lab = await read('lab__ooknosi-tools_lab_2__spf_fail.eml');
    expect(lab.reportingMta).toBe('sender.Home');
    expect(lab.remoteMta).toBe('mail.receiver.com');
    expect(lab.rejection[0]).toBe(
      '550 5.7.23 <user2@receiver.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=user1@sender.com;ip=10.0.2.9;r=<UNKNOWN>',
    );
  });
});
