/**
 * After a processing limit was crossed (RFC 7208 section 4.6.4) the check is over, but the report still shows
 * what the includes and redirects that were not evaluated would cost: their records are fetched, bounded.
 */
import { queryTrace } from './answers';
import type { RecordOf } from './answers';
import type { QueryBook } from './book';
import { expandTokens, parseMacroString, queryName, usesValidatedName } from './macro';
import { isDnsTerm, isSpfRecord, parseRecordCached } from './parse';
import type { CheckState } from './state';
import { emptyTrace, newTermTrace } from './trace';
import type { RecordTrace, TermTrace } from './types';

/** At most this many records are fetched after the limit. */
const MAX_RECORDS = 20;

/** The name an include or redirect not evaluated points at, when it does not depend on the client's validated name. */
function unevaluatedTarget(term: TermTrace, owner: string, state: CheckState): string | null {
  const spec = term.name === 'include' ? term.text.replace(/^[+\-~?]?include:/i, '') : term.text.replace(/^redirect=/i, '');
  const parsed = parseMacroString(spec);
  if (!parsed.ok || usesValidatedName(parsed.tokens)) return null;
  return queryName(expandTokens(parsed.tokens, state.macroContext(owner)) ?? '');
}

/** The record of `name` as the report shows it beyond the limit: every term not evaluated, its lookups counted. */
async function fetchBeyondLimit(name: string, via: 'include' | 'redirect', book: QueryBook): Promise<RecordTrace> {
  const answer = await book.request({ name, type: 'TXT' });
  const child: RecordTrace = { ...emptyTrace(name, ''), via, beyondLimit: true, result: 'permerror' };
  const q = queryTrace({ name, type: 'TXT' }, answer);
  if (q) child.queries.push(q);
  const spf = answer.ok ? answer.records.filter((r): r is RecordOf<'TXT'> => r.type === 'TXT' && isSpfRecord(r.text)) : [];
  if (spf.length !== 1) {
    child.message = spf.length === 0 ? `${name} has no SPF record` : `${name} has ${spf.length} SPF records`;
    return child;
  }
  const rec = spf[0] as RecordOf<'TXT'>;
  child.record = rec.text;
  child.ttl = rec.ttl;
  const parsedRecord = parseRecordCached(rec.text);
  child.errors = parsedRecord.errors;
  child.terms = parsedRecord.terms.map((t) => {
    const tt = newTermTrace(t, isDnsTerm(t) || t.kind === 'mechanism' ? 'beyond-limit' : 'ignored', 'beyond the processing limit: not evaluated (RFC 7208 section 4.6.4)');
    if (isDnsTerm(t)) tt.lookups = 1;
    return tt;
  });
  child.message = 'resolved after the limit was crossed, to show its cost';
  return child;
}

/** Fetches the records of the includes / redirects below `root` that were not evaluated, to show what they cost. */
export async function resolveBeyondLimit(root: RecordTrace, book: QueryBook, state: CheckState): Promise<void> {
  let fetched = 0;
  const visit = async (trace: RecordTrace, ancestors: string[]): Promise<void> => {
    const above = [...ancestors, trace.domain];
    const pending: Promise<void>[] = [];
    for (const term of trace.terms) {
      if (term.child) {
        pending.push(visit(term.child, above));
        continue;
      }
      if (term.outcome !== 'beyond-limit' || (term.name !== 'include' && term.name !== 'redirect')) continue;
      const name = unevaluatedTarget(term, trace.domain, state);
      if (!name) continue;
      term.target = name;
      if (above.includes(name)) {
        term.why = `beyond the processing limit; ${name} is already being evaluated above (a loop)`;
        continue;
      }
      if (fetched >= MAX_RECORDS) continue;
      fetched++;
      const via = term.name === 'include' ? 'include' : 'redirect';
      pending.push(
        fetchBeyondLimit(name, via, book).then(async (child) => {
          term.child = child;
          await visit(child, above);
        }),
      );
    }
    await Promise.all(pending);
  };
  await visit(root, []);
}
