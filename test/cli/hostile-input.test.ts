/**
 * Issue 12 section 5: hostile input to the CLI. The bounds are checked on the real CLI in a child process
 * (src/cli/bin.ts through tsx, real pipes and files), its peak memory read by rss-probe.mjs; the words on
 * the screen through runCli with the project's DoH test server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMIT_BYTES, JSONL_LINE_LIMIT_BYTES } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { zone } from '../diagnose/zones';
import { fakeIO } from '../helpers/cli-io';
import { startDohServer, type DohServer } from '../helpers/doh-server';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
const corpus = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));
const LAB = `${corpus}lab__ooknosi-tools_lab_2__spf_fail.eml`;

/** Peak memory allowed to the CLI process (tsx and the bundle of the core take about 90 MB of it). */
const RSS_BOUND_KIB = 200 * 1024;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the CLI process's peak resident set size, KiB */
  maxRssKiB: number;
}

let scratch: string;
let runs = 0;

/**
 * Runs `script` in bash, where "$@" is the CLI (`node --import tsx src/cli/bin.ts ...args`). A run that does
 * not end is killed with its whole process group, so an unbounded reader fails the test and leaks nothing.
 */
function shell(script: string, args: string[], timeoutMs = 25_000): Promise<Run> {
  const rssFile = join(scratch, `rss-${++runs}`);
  const cli = [process.execPath, '--import', 'tsx', '--import', probe, join(root, 'src/cli/bin.ts'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script, 'bash', ...cli], { cwd: root, detached: true, env: { ...process.env, RSS_PROBE_FILE: rssFile } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : Number.NaN;
      resolve({ code, stdout, stderr, maxRssKiB });
    });
  });
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
/** Any control character but the newline, DEL, C1, or a bidi control: none may reach the terminal raw. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same with the painter's own colours taken out (what a terminal may get). */
// eslint-disable-next-line no-control-regex -- the painter's SGR sequences
const withoutOwnStyle = (text: string): string => text.replace(/\x1b\[(?:0|1|2|31|32|33|36)m/g, '');

let server: DohServer;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'bounce-explainer-hostile-'));
  server = await startDohServer({
    zone: zone({
      // a record that would move the cursor up, erase the line above (what to publish) and write another
      'evil.example': [{ TXT: 'v=spf1 ip4:192.0.2.5 \x1b[3A\x1b[2K\rv=spf1 +all\x1b[8m \u009b2J\u202eliamE -all' }],
      'sender.com': [{ TXT: 'v=spf1 ip4:10.0.2.5 -all' }],
      // the record itself holds an OSC title sequence, a DEL and a C1 CSI
      'ctl.example': [{ TXT: 'v=spf1 ip4:192.0.2.5 \x1b]0;pwned\x07 \x7f\u009b31m -all' }],
      'v4.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 -all' }],
    }),
  });
});
afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const doh = (): string[] => ['--doh', server.cloudflareUrl];

describe('bounded input: the first 1 MiB is read, never more', () => {
  it('`yes | bounce-explainer parse` ends, says the input was cut, exits 1, with bounded memory', async () => {
    const run = await shell('yes | "$@"', ['parse']);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringContaining('standard input is longer than 1 MiB')]);
    expect(run.stdout).toContain('-: no SMTP refusal found');
    expect(run.maxRssKiB).toBeLessThan(RSS_BOUND_KIB);
  });

  it('`parse /dev/zero` ends with bounded memory', async () => {
    const run = await shell('"$@"', ['parse', '/dev/zero', '--json']);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([`bounce-explainer parse: /dev/zero is longer than 1 MiB: only its first ${INPUT_LIMIT_BYTES} bytes were read (exit status 1)`]);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: '/dev/zero', inputTruncated: true });
    expect(run.maxRssKiB).toBeLessThan(RSS_BOUND_KIB);
  });

  it('a 1.5 GB sparse file: only its first MiB is read (memory far below the file size)', async () => {
    const sparse = join(scratch, 'sparse.eml');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, 1500 * 1024 * 1024);
    closeSync(fd);
    const run = await shell('"$@"', ['explain', sparse, '--json', ...doh()]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringContaining('sparse.eml is longer than 1 MiB')]);
    expect(JSON.parse(run.stdout)).toMatchObject({ check: null, inputTruncated: true });
    expect(run.maxRssKiB).toBeLessThan(RSS_BOUND_KIB);
  });

  it('an input of exactly 1 MiB is whole: no message, exit 0', async () => {
    const exact = join(scratch, 'exact.txt');
    const fd = openSync(exact, 'w');
    ftruncateSync(fd, INPUT_LIMIT_BYTES);
    closeSync(fd);
    const run = await shell('"$@"', ['parse', exact, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ inputTruncated: false });
  });

  it('check --jsonl: a 200 MB line is refused with a message and memory stays bounded; the other lines go on', async () => {
    const script = `{ echo '{"sender":"a@b.example"}'; head -c 200000000 /dev/zero; echo; echo 'not json'; } | "$@"`;
    const run = await shell(script, ['check', '--jsonl', ...doh()]);
    expect(run.code).toBe(1);
    expect(lines(run.stdout).map((line) => JSON.parse(line))).toEqual([
      { error: '"ip" is missing', line: 1 },
      { error: `line longer than ${JSONL_LINE_LIMIT_BYTES} bytes`, line: 2 },
      { error: 'not a JSON object', line: 3 },
    ]);
    expect(lines(run.stderr)).toEqual([expect.stringContaining('line 2 of standard input is longer than 65536 bytes')]);
    expect(run.maxRssKiB).toBeLessThan(RSS_BOUND_KIB);
  });
});

describe('output that cannot be written', () => {
  it('EPIPE (`parse ... | head -1`) ends quietly with exit 0', async () => {
    // 400 results are far more than a pipe holds: the CLI is still writing when head has gone
    const run = await shell('"$@" | head -1; exit "${PIPESTATUS[0]}"', ['parse', ...Array<string>(400).fill(LAB), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ip: '10.0.2.9' });
  });

  it('ENOSPC (`> /dev/full`) gives one line on standard error and exit 1', async () => {
    const run = await shell('"$@" > /dev/full', ['parse', LAB]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(['bounce-explainer: cannot write the output: ENOSPC (no space left on the device)']);
  });
});

describe('control characters are shown escaped, never sent', () => {
  const hostileBounce =
    'Subject: Undelivered Mail\n\n' +
    '550 5.7.23 <a@victim.example>: SPF fail for 192.0.2.66 \x1b[2J\x1b[H\rYour record is fine\x7f\u0085\u009b1A\u202e\n';

  it('parse: human output escapes ESC, CR, DEL, C1 and bidi controls', async () => {
    const io = fakeIO(hostileBounce);
    expect(await runCli(['parse'], io, 'test')).toBe(0);
    expect(io.stdout).not.toMatch(RAW_CONTROL);
    // (the reader reads a bare CR as a space)
    expect(io.stdout).toContain('\\x1b[2J\\x1b[H Your record is fine\\x7f\\x85\\x9b1A\\u202e');
  });

  it('parse --json: DEL, C1 and bidi controls are \\u escapes too (JSON.stringify leaves them raw)', async () => {
    const io = fakeIO(hostileBounce);
    await runCli(['parse', '--json'], io, 'test');
    expect(io.stdout).not.toMatch(RAW_CONTROL);
    expect(io.stdout).toContain('\\u007f\\u0085\\u009b1A\\u202e');
    // the same value once parsed
    expect((JSON.parse(io.stdout) as { rejection: string[] }).rejection[0]).toContain('fine\x7f\u0085\u009b1A\u202e');
  });

  it('explain: a TXT record with ESC sequences cannot repaint the lines above it', async () => {
    for (const isTTY of [false, true]) {
      const sink = fakeIO();
      sink.isTTY = isTTY;
      expect(await runCli(['explain', 'evil.example', '--ip', '192.0.2.77', ...doh()], sink, 'test')).toBe(0);
      const shown = isTTY ? withoutOwnStyle(sink.stdout) : sink.stdout;
      expect(shown).not.toMatch(RAW_CONTROL);
      // the details show the record as it is, escaped, below the advice
      expect(shown).toContain('evil.example "v=spf1 ip4:192.0.2.5 \\x1b[3A\\x1b[2K\\rv=spf1 +all\\x1b[8m \\x9b2J\\u202eliamE -all"');
      if (isTTY) expect(sink.stdout).toContain('\x1b[1m');
    }
  });

  it('explain with a bounce: the rejection text is escaped above the record to publish', async () => {
    // the lab bounce (Postfix, sender.com, 10.0.2.9) with an erase-screen and a terminal hyperlink in its reply
    const bounce = readFileSync(LAB, 'utf8').replaceAll('SPF fail - not authorized.', 'SPF fail - not authorized. \x1b[2J\x1b]8;;http://evil/\x07click\x1b]8;;\x07');
    for (const isTTY of [false, true]) {
      const sink = fakeIO(bounce);
      sink.isTTY = isTTY;
      expect(await runCli(['explain', ...doh()], sink, 'test')).toBe(0);
      const shown = isTTY ? withoutOwnStyle(sink.stdout) : sink.stdout;
      expect(shown).not.toMatch(RAW_CONTROL);
      const hostile = shown.indexOf('\\x1b[2J\\x1b]8;;http://evil/\\x07click\\x1b]8;;\\x07');
      expect(hostile).toBeGreaterThan(0);
      expect(shown.indexOf('v=spf1 ip4:10.0.2.5 ip4:10.0.2.9 -all')).toBeGreaterThan(hostile);
    }
  });

  it('check: a record holding an OSC sequence, DEL and C1 is printed escaped, with or without a terminal', async () => {
    for (const isTTY of [false, true]) {
      const io = fakeIO();
      io.isTTY = isTTY;
      await runCli(['check', 'ctl.example', ...doh()], io, 'test');
      await runCli(['check', 'ctl.example', '--ip', '192.0.2.5', ...doh()], io, 'test');
      const shown = isTTY ? withoutOwnStyle(io.stdout) : io.stdout;
      expect(shown).not.toMatch(RAW_CONTROL);
      expect(shown).toContain('\\x1b]0;pwned\\x07 \\x7f\\x9b31m');
    }
  });

  it('usage errors and file names are escaped on standard error', async () => {
    const io = fakeIO();
    expect(await runCli(['check', 'x.example', '--ip', '192.0.2.1\x1b[2J'], io, 'test')).toBe(2);
    expect(io.stderr).toBe('bounce-explainer check: "192.0.2.1\\x1b[2J" is not an IPv4 or IPv6 address\n');
    const io2 = fakeIO();
    expect(await runCli(['parse', '/nonexistent/\x1b[2Jbounce\n.eml'], io2, 'test')).toBe(1);
    expect(io2.stderr).not.toMatch(RAW_CONTROL);
    expect(lines(io2.stderr)).toHaveLength(1);
    expect(io2.stderr).toContain('/nonexistent/\\x1b[2Jbounce\\n.eml');
  });
});

describe('the client and the HELO name', () => {
  it.each([
    ['evil host', 'is not a domain name'],
    ['mail.example.com;rm', 'is not a domain name'],
    ['-lead.example', 'is not a domain name'],
    ['a..b.example', 'is not a domain name'],
    [`${'a'.repeat(64)}.example`, 'is not a domain name'],
    ['[192.0.2.1]', 'is an address literal'],
    ['', 'is not a domain name'],
  ])('--helo %j is a usage error (exit 2, one line): %s', async (helo, why) => {
    const io = fakeIO();
    expect(await runCli(['check', '--ip', '192.0.2.1', '--sender', '', '--helo', helo, ...doh()], io, 'test')).toBe(2);
    expect(lines(io.stderr)).toEqual([expect.stringContaining(why)]);
    expect(io.stdout).toBe('');
  });

  it('--helo accepts a domain name, with or without the root dot', async () => {
    for (const helo of ['mail.v4.example', 'mail.v4.example.', 'localhost', 'x-1.v4.example']) {
      const io = fakeIO();
      expect(await runCli(['check', 'v4.example', '--ip', '192.0.2.1', '--helo', helo, '--json', ...doh()], io, 'test')).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ result: 'pass', helo });
    }
  });

  it.each([
    ['255.255.255.255', 'the broadcast address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['::ffff:239.1.2.3', 'a multicast address'],
    ['0.0.0.0', 'the unspecified address'],
    ['::', 'the unspecified address'],
    ['[0.0.0.0]', 'the unspecified address'],
  ])('--ip %s is refused (exit 2): it is %s', async (ip, why) => {
    for (const command of ['check', 'explain']) {
      const io = fakeIO();
      expect(await runCli([command, 'v4.example', '--ip', ip, ...doh()], io, 'test')).toBe(2);
      expect(lines(io.stderr)).toEqual([expect.stringContaining(`is ${why}`)]);
      expect(io.stderr).toContain('unicast');
    }
  });

  it.each(['127.1', '0x7f.0.0.1', '3232235777', '010.1.1.1', 'fe80::1%eth0', '::1.2.3', '1.2.3.4.5'])('--ip %s is not an address (exit 2)', async (ip) => {
    const io = fakeIO();
    expect(await runCli(['check', 'v4.example', '--ip', ip, ...doh()], io, 'test')).toBe(2);
    expect(io.stderr).toContain('is not an IPv4 or IPv6 address');
  });

  it('`[::192.0.2.1]` and `::192.0.2.1` stay IPv6 (ip4:192.0.2.1 does not match); `::ffff:192.0.2.1` is IPv4 (RFC 7208 section 5)', async () => {
    for (const ip of ['[::192.0.2.1]', '::192.0.2.1', '[IPv6:::192.0.2.1]']) {
      const io = fakeIO();
      expect(await runCli(['check', 'v4.example', '--ip', ip, '--json', ...doh()], io, 'test')).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ result: 'fail', ip: '::c000:201' });
    }
    const mapped = fakeIO();
    await runCli(['check', 'v4.example', '--ip', '::ffff:192.0.2.1', '--json', ...doh()], mapped, 'test');
    expect(JSON.parse(mapped.stdout)).toMatchObject({ result: 'pass' });
    const bracketed = fakeIO();
    await runCli(['check', 'v4.example', '--ip', '[192.0.2.1]', '--json', ...doh()], bracketed, 'test');
    expect(JSON.parse(bracketed.stdout)).toMatchObject({ result: 'pass', ip: '192.0.2.1' });
  });

  it('check --jsonl refuses a bad helo or a broadcast client per line', async () => {
    const io = fakeIO(['{"ip":"255.255.255.255","sender":"a@v4.example"}', '{"ip":"192.0.2.1","sender":"","helo":"evil host"}'].join('\n'));
    expect(await runCli(['check', '--jsonl', ...doh()], io, 'test')).toBe(0);
    const out = lines(io.stdout).map((line) => JSON.parse(line) as { error: string; line: number });
    expect(out[0]).toMatchObject({ line: 1, error: expect.stringContaining('the broadcast address') });
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringContaining('is not a domain name') });
  });
});

describe('JSON fields are short', () => {
  it('parse --json does not echo a 1 MB rejection line (twice): it is cut, and truncated says so', async () => {
    const text = `550 5.7.23 <a@example.com>: SPF fail ${'x'.repeat(1_000_000)}\n`;
    const io = fakeIO(text);
    expect(await runCli(['parse', '--json'], io, 'test')).toBe(0);
    expect(io.stdout.length).toBeLessThan(10_000);
    const out = JSON.parse(io.stdout) as { rejection: string[]; truncated: boolean; inputTruncated: boolean; status: string };
    expect(out).toMatchObject({ truncated: true, inputTruncated: false, status: '550 5.7.23' });
    expect(out.rejection[0]).toHaveLength(1001);
    expect(out.rejection[0]?.endsWith('…')).toBe(true);
    // the human summary cuts it too
    const human = fakeIO(text);
    await runCli(['parse'], human, 'test');
    expect(human.stdout.length).toBeLessThan(2_000);
  });

  it('a short bounce is not cut: truncated is false', async () => {
    const io = fakeIO();
    await runCli(['parse', LAB, '--json'], io, 'test');
    expect(JSON.parse(io.stdout)).toMatchObject({ truncated: false, inputTruncated: false, ip: '10.0.2.9' });
  });
});
