import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import { zone } from '../diagnose/zones';
import { fakeIO } from '../helpers/cli-io';

/** The parts of `explain --json` these tests read. */
interface ExplainJson {
  facts: Record<string, unknown>;
  check: Record<string, unknown>;
  diagnosis: { cause: string | null; causes: string[]; fix: Record<string, unknown> | null } & Record<string, unknown>;
}

const corpus = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));


const ZONE = zone({
  // the lab bounce: Postfix with policyd-spf refused 10.0.2.9 for sender.com
  'sender.com': [{ TXT: 'v=spf1 ip4:10.0.2.5 -all', ttl: 600 }],
  'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }],
  'mail.shop.example': [{ A: '192.0.2.10' }],
});

let server: DohServer;
beforeAll(async () => {
  server = await startDohServer({ zone: ZONE });
});
afterAll(async () => {
  await server.close();
});

const doh = (): string[] => ['--doh', server.cloudflareUrl, '--doh', server.googleUrl];

describe('bounce-explainer explain', () => {
  it('reads a real bounce, checks it and gives the verified record (JSON contract)', async () => {
    const io = fakeIO();
    const code = await runCli(['explain', `${corpus}lab__ooknosi-tools_lab_2__spf_fail.eml`, '--json', ...doh()], io, 'test');
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as ExplainJson;
    expect(out.facts).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '10.0.2.9', domain: 'sender.com' });
    expect(out.check).toMatchObject({ result: 'fail', domain: 'sender.com', ip: '10.0.2.9', lookups: { count: 0, void: 0 }, dnsErrors: [] });
    expect(Object.keys(out.diagnosis).slice(0, 5)).toEqual(['cause', 'causes', 'title', 'summary', 'fix']);
    expect(out.diagnosis.cause).toBe('ip-not-listed');
    expect(out.diagnosis.causes[0]).toBe(out.diagnosis.cause);
    expect(out.diagnosis.fix).toMatchObject({ name: 'sender.com', type: 'TXT', record: 'v=spf1 ip4:10.0.2.5 ip4:10.0.2.9 -all', verified: true });
  });

  it('explains a domain and IP given by hand, in words then the fix then the details', async () => {
    const io = fakeIO();
    expect(await runCli(['explain', 'shop.example', '--ip', '167.89.0.5', ...doh()], io, 'test')).toBe(0);
    const text = io.stdout;
    const title = text.indexOf('SendGrid is missing from the SPF record of shop.example');
    const fix = text.indexOf('v=spf1 mx include:sendgrid.net -all');
    const details = text.indexOf('Details:');
    expect(title).toBeGreaterThanOrEqual(0);
    expect(fix).toBeGreaterThan(title);
    expect(details).toBeGreaterThan(fix);
  });

  it('a non-authentication bounce: says so and checks nothing', async () => {
    const io = fakeIO();
    expect(await runCli(['explain', `${corpus}sisimai__lhost-postfix-04.eml`, '--json', ...doh()], io, 'test')).toBe(0);
    const out = JSON.parse(io.stdout) as ExplainJson;
    expect(out.diagnosis.fix).toBeNull();
  });

  it('exit 1 for an unreadable file, 2 for a usage error', async () => {
    const io = fakeIO();
    expect(await runCli(['explain', '/nonexistent/bounce.eml', ...doh()], io, 'test')).toBe(1);
    expect(io.stderr).toContain('cannot read /nonexistent/bounce.eml');
    const io2 = fakeIO();
    expect(await runCli(['explain', 'shop.example', '--ip', 'not-an-ip'], io2, 'test')).toBe(2);
    expect(io2.stderr.trim().split('\n')).toHaveLength(1);
    const io3 = fakeIO();
    expect(await runCli(['explain', '--doh', 'http://dns.example/q'], io3, 'test')).toBe(2);
  });
});

describe('explain: a record that lets a new sender pass is a question first', () => {
  it('human output: "Publish only if …" and what "no" means, before the record', async () => {
    const io = fakeIO();
    expect(await runCli(['explain', 'shop.example', '--ip', '167.89.0.5', ...doh()], io, 'test')).toBe(0);
    const text = io.stdout;
    const question = text.indexOf('Publish only if the answer is yes: Do you send mail through SendGrid?');
    const ifNot = text.indexOf('If not: Do not publish the record: a server you do not run is sending mail as shop.example');
    const record = text.indexOf('The record to publish');
    expect(question).toBeGreaterThanOrEqual(0);
    expect(ifNot).toBeGreaterThan(question);
    expect(text.slice(ifNot)).toContain('_dmarc.shop.example');
    expect(record).toBeGreaterThan(ifNot);
  });

  it('JSON: diagnosis.fix.authorizes names who would pass and the question', async () => {
    const io = fakeIO();
    expect(await runCli(['explain', `${corpus}lab__ooknosi-tools_lab_2__spf_fail.eml`, '--json', ...doh()], io, 'test')).toBe(0);
    const out = JSON.parse(io.stdout) as ExplainJson;
    expect(out.diagnosis.fix?.authorizes).toEqual({ kind: 'ip', value: '10.0.2.9', question: 'Is 10.0.2.9 your server?', ifNot: expect.stringMatching(/^Do not publish the record: a server you do not run is sending mail as /) });
  });

  it('a fix that authorises nobody new asks nothing: authorizes is null, no question in the words', async () => {
    const io = fakeIO();
    server.setZone(zone({ 'two.example': [{ TXT: 'v=spf1 include:sendgrid.net ~all' }, { TXT: 'v=spf1 ip4:192.0.2.1 -all' }] }), 'both');
    try {
      expect(await runCli(['explain', 'two.example', '--ip', '167.89.0.5', '--json', ...doh()], io, 'test')).toBe(0);
      const out = JSON.parse(io.stdout) as ExplainJson;
      expect(out.diagnosis.fix).toMatchObject({ record: 'v=spf1 include:sendgrid.net ip4:192.0.2.1 -all', authorizes: null });
      const human = fakeIO();
      expect(await runCli(['explain', 'two.example', '--ip', '167.89.0.5', ...doh()], human, 'test')).toBe(0);
      expect(human.stdout).not.toContain('Publish only if');
      expect(human.stdout).toContain('The record to publish');
    } finally {
      server.setZone(ZONE, 'both');
    }
  });
});
