import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { receiverLines } from '../helpers/receivers-list';
import { RECEIVERS } from '../../src/core/bounce/receivers';
import { AUTH_WORDINGS } from '../../src/core/bounce/wordings';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe("README's list of receivers", () => {
  it('is the list the wordings table makes, line for line', () => {
    const section = /<!-- receivers:start -->\n([^]*?)\n<!-- receivers:end -->/.exec(readme);
    expect(section, 'README has the generated section').not.toBeNull();
    expect(section![1]!.split('\n')).toEqual(receiverLines());
  });

  it('names every receiver a row names, and every such receiver has a row in RECEIVERS', () => {
    const ids = new Set(RECEIVERS.map((row) => row.id));
    for (const row of AUTH_WORDINGS) if (row.receiver !== null) expect(ids.has(row.receiver), row.receiver).toBe(true);
    for (const id of new Set(AUTH_WORDINGS.map((row) => row.receiver).filter((id) => id !== null))) expect(receiverLines().some((line) => line.startsWith(`- **${id}**`))).toBe(true);
  });
});
