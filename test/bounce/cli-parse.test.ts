import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/parse';
import { UsageError } from '../../src/cli/io';
import { fakeIO } from '../helpers/cli-io';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));


describe('bounce-explainer parse', () => {
  it('prints one JSON object per input, contract fields first, in input order', async () => {
    const io = fakeIO();
    const lab = corpusDir + 'lab__ooknosi-tools_lab_2__spf_fail.eml';
    const negative = corpusDir + 'sisimai__lhost-postfix-04.eml';
    expect(await parseCommand([lab, negative, '--json'], io)).toBe(0);
    const lines = io.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!).slice(0, 8)).toEqual(['file', 'authFailure', 'mechanism', 'ip', 'domain', 'sender', 'recipient', 'status']);
    expect(lines[0]).toMatchObject({
      file: lab,
      authFailure: true,
      mechanism: 'spf',
      ip: '10.0.2.9',
      domain: 'sender.com',
      sender: 'user1@sender.com',
      recipient: 'user2@receiver.com',
      status: '550 5.7.23',
      receiver: 'policyd-spf',
      // the added fields of the contract: where each fact was read, the returned From and DKIM signatures
      evidence: { ip: 'dsn', domain: 'dsn', sender: 'dsn' },
      evidenceConflicts: [],
    });
    expect(lines[0]).toMatchObject({
      headerFrom: 'user1@sender.com',
      dkim: [{ domain: 'sender.com', selector: 'default', algorithm: 'rsa-sha256' }],
      returnedSubject: 'Spoof with SPF',
      returnedDate: 'Sun, 21 Apr 2019 09:04:03 +0000 (UTC)',
    });
    expect(lines[1]).toMatchObject({ file: negative, authFailure: false, mechanism: null, status: '550 5.1.1' });
    expect(io.stderr).toBe('');
  });

  it('reads standard input when no file or "-" is given', async () => {
    const text = '550 5.7.23 The message was rejected because of Sender Policy Framework violation';
    for (const argv of [['--json'], ['-', '--json']]) {
      const io = fakeIO(text);
      expect(await parseCommand(argv, io)).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ file: '-', authFailure: true, mechanism: 'spf', status: '550 5.7.23' });
    }
  });

  it('exits 1 for an unreadable input and still reads the others', async () => {
    const io = fakeIO();
    const good = corpusDir + 'sisimai__lhost-exim-29.eml';
    expect(await parseCommand(['/nonexistent/bounce.eml', good, '--json'], io)).toBe(1);
    expect(io.stderr).toMatch(/cannot read \/nonexistent\/bounce\.eml/);
    expect(JSON.parse(io.stdout)).toMatchObject({ file: good, ip: '192.0.2.2', domain: 'example.org' });
  });

  it('prints a short readable summary without --json', async () => {
    const io = fakeIO();
    expect(await parseCommand([corpusDir + 'sisimai__lhost-exim-29.eml'], io)).toBe(0);
    expect(io.stdout).toContain('refused for failing SPF (550)');
    expect(io.stdout).toContain('ip 192.0.2.2  domain example.org  sender shironeko@example.org');
    expect(io.stdout).toContain('"550 Bad SPF records for [example.org:192.0.2.2], see http://spf.pobox.com/"');
  });

  it('rejects unknown options and a second standard input as usage errors', async () => {
    await expect(parseCommand(['--bogus'], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(parseCommand(['-', '-'], fakeIO())).rejects.toBeInstanceOf(UsageError);
    await expect(parseCommand(['--json=yes'], fakeIO())).rejects.toBeInstanceOf(UsageError);
  });
});
