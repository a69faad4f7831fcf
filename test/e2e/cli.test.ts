import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import { zone } from '../diagnose/zones';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const corpus = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));

let server: DohServer;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  server = await startDohServer({ zone: zone({ 'sender.com': [{ TXT: 'v=spf1 ip4:10.0.2.5 -all' }] }) });
});
afterAll(async () => {
  await server?.close();
});

/** The shipping CLI, as a user runs it: `node dist/cli.js ...`. */
async function bounceExplainer(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dist/cli.js', () => {
  it('prints its version and help', async () => {
    const version = await bounceExplainer(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await bounceExplainer(['--help']);
    expect(help.stdout).toContain('bounce-explainer explain');
  });

  it('parse, check and explain a real bounce end to end over a local DoH server', async () => {
    const file = `${corpus}lab__ooknosi-tools_lab_2__spf_fail.eml`;
    const parse = await bounceExplainer(['parse', file, '--json']);
    expect(JSON.parse(parse.stdout)).toMatchObject({ authFailure: true, ip: '10.0.2.9', domain: 'sender.com' });
    const check = await bounceExplainer(['check', 'sender.com', '--ip', '10.0.2.9', '--doh', server.cloudflareUrl, '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ result: 'fail', domain: 'sender.com', ip: '10.0.2.9' });
    const explain = await bounceExplainer(['explain', file, '--doh', server.cloudflareUrl, '--json']);
    expect(JSON.parse(explain.stdout).diagnosis).toMatchObject({ cause: 'ip-not-listed', fix: { record: 'v=spf1 ip4:10.0.2.5 ip4:10.0.2.9 -all', verified: true } });
  });

  it('exit 2 with one line on standard error for a usage error', async () => {
    const result = await bounceExplainer(['check', '--ip']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
