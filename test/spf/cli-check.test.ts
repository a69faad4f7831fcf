import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand, checkRequest } from '../../src/cli/check';
import { UsageError } from '../../src/cli/io';
import type { CliIO } from '../../src/cli/io';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import { COMPANY_ZONE } from './provider-zones';

let server: DohServer;
beforeAll(async () => {
  server = await startDohServer({ zone: { ...COMPANY_ZONE, 'helo.example.org': [{ TXT: 'v=spf1 a -all' }, { A: '192.0.2.99' }] } });
});
afterAll(async () => {
  await server?.close();
});

function io(lines: string[] = [], isTTY = false): CliIO & { output: string } {
  const sink = {
    output: '',
    out(text: string) {
      sink.output += text;
    },
    err() {},
    readFile: () => Promise.reject(new Error('no files')),
    readStdin: () => Promise.resolve(new Uint8Array()),
    async *stdinLines() {
      yield* lines;
    },
    isTTY,
  };
  return sink;
}

describe('check command', () => {
  it('--json gives the contract fields', async () => {
    const sink = io();
    expect(await checkCommand(['example.com', '--ip', '198.2.130.5', '--doh', server.cloudflareUrl, '--json'], sink)).toBe(0);
    const result = JSON.parse(sink.output);
    expect(result).toMatchObject({ result: 'pass', explanation: null, domain: 'example.com', ip: '198.2.130.5', lookups: { count: 10, void: 0 }, dnsErrors: [] });
    expect(Object.keys(result).slice(0, 6)).toEqual(['result', 'explanation', 'domain', 'ip', 'lookups', 'dnsErrors']);
  });

  it('prints a readable tree with the matched path, colour only on a terminal', async () => {
    const plain = io();
    await checkCommand(['example.com', '--ip', '172.217.32.9', '--doh', server.cloudflareUrl], plain);
    expect(plain.output).toContain('SPF example.com for 172.217.32.9: pass');
    expect(plain.output).toMatch(/▶ include:_spf\.google\.com/);
    expect(plain.output).toMatch(/▶ ip4:172\.217\.32\.0\/20/);
    expect(plain.output).not.toContain('\x1b[');
    const tty = io([], true);
    await checkCommand(['example.com', '--ip', '172.217.32.9', '--doh', server.cloudflareUrl], tty);
    expect(tty.output).toContain('\x1b[');
  });

  it('without --ip inspects the policy', async () => {
    const sink = io();
    await checkCommand(['example.com', '--doh', server.googleUrl, '--json'], sink);
    const report = JSON.parse(sink.output);
    expect(report.result).toBeUndefined();
    expect(report).toMatchObject({ domain: 'example.com', ip: null, worstCaseLookups: 10, lookups: { count: 10, void: 0 } });
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('near-lookup-limit');
  });

  it('--jsonl answers each line in order, with error objects for bad lines', async () => {
    const sink = io([
      '{"ip":"192.0.2.26","sender":"a@example.com","helo":"mail.example.com"}',
      'not json',
      '{"ip":"192.0.2.99","sender":"","helo":"helo.example.org"}',
      '{"sender":"a@example.com"}',
      '{"ip":"203.0.113.77","sender":"a@example.com","helo":"x.example.com","domain":"example.com"}',
    ]);
    expect(await checkCommand(['--jsonl', '--doh', server.cloudflareUrl], sink)).toBe(0);
    const lines = sink.output.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ result: 'pass', domain: 'example.com' });
    expect(lines[1]).toMatchObject({ error: 'not a JSON object', line: 2 });
    // the null sender: the HELO identity (RFC 7208 section 2.4)
    expect(lines[2]).toMatchObject({ result: 'pass', domain: 'helo.example.org' });
    expect(lines[3]).toMatchObject({ error: '"ip" is missing', line: 4 });
    expect(lines[4]).toMatchObject({ result: 'fail', ip: '203.0.113.77' });
  });

  it('usage errors', async () => {
    await expect(checkCommand(['example.com', '--doh', 'ftp://x'], io())).rejects.toBeInstanceOf(UsageError);
    await expect(checkCommand(['example.com', '--ip', 'nope', '--doh', server.cloudflareUrl], io())).rejects.toThrow(/not an IPv4 or IPv6 address/);
    await expect(checkCommand(['--ip', '192.0.2.1', '--doh', server.cloudflareUrl], io())).rejects.toThrow(/DOMAIN/);
  });

  it('identity rules of the contract', () => {
    expect(checkRequest({ ip: '192.0.2.1', domain: 'example.com' })).toEqual({ ip: '192.0.2.1', domain: 'example.com', sender: 'postmaster@example.com', helo: 'example.com' });
    expect(checkRequest({ ip: '192.0.2.1', sender: 'a@b.example', helo: 'h.example' })).toMatchObject({ domain: 'b.example', sender: 'a@b.example', helo: 'h.example' });
    expect(checkRequest({ ip: '192.0.2.1', sender: '', helo: 'h.example' })).toMatchObject({ domain: 'h.example', sender: '' });
  });
});
