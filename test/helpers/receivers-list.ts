/**
 * The receivers the bounce reader knows, one line per family, made from the wordings table (src/core/bounce/wordings.ts with wordings-servers.ts): for each
 * receiver id, the mechanisms its rows name and the reply codes their sources show. README.md's "Receivers it
 * reads" is this list (test/bounce/receivers-list.test.ts checks they agree), so the README says what the table
 * holds and nothing else.
 */
import { AUTH_WORDINGS } from '../../src/core/bounce/wordings';

const MECHANISM_WORDS: Record<string, string> = { spf: 'SPF', dkim: 'DKIM', dmarc: 'DMARC', auth: 'authentication', results: 'SPF/DKIM/DMARC results' };
const ORDER = ['spf', 'dkim', 'dmarc', 'results', 'auth'];

/** Markdown list lines: "- **gmail** (6 wordings): SPF, DMARC, authentication — 550 5.7.26, 421 4.7.27". */
export function receiverLines(): string[] {
  const families = new Map<string, { rows: number; mechanisms: Set<string>; codes: Set<string> }>();
  for (const row of AUTH_WORDINGS) {
    const id = row.generic === true ? 'generic' : (row.receiver ?? 'shared');
    const family = families.get(id) ?? { rows: 0, mechanisms: new Set<string>(), codes: new Set<string>() };
    family.rows++;
    family.mechanisms.add(row.mechanism);
    for (const code of row.codes ?? []) family.codes.add(code);
    families.set(id, family);
  }
  const label = (id: string): string =>
    id === 'shared' ? 'wordings several receivers or filters share' : id === 'generic' ? 'generic wordings (never alone: a code and no other reason)' : id;
  return [...families].map(([id, family]) => {
    const mechanisms = ORDER.filter((m) => family.mechanisms.has(m)).map((m) => MECHANISM_WORDS[m]);
    const codes = [...family.codes];
    const count = `${family.rows} wording${family.rows === 1 ? '' : 's'}`;
    return `- **${label(id)}** (${count}): ${mechanisms.join(', ')}${codes.length > 0 ? ` — ${codes.join(', ')}` : ''}`;
  });
}
