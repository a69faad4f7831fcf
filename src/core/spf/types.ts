import type { Resolver, RRType } from '../dns/types';

/** The closed set of check_host() results (RFC 7208 section 2.6). */
export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror';

export const SPF_RESULTS: readonly SpfResult[] = ['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror'];

/** RFC 7208 section 4.6.2: "+" pass, "-" fail, "~" softfail, "?" neutral. */
export type Qualifier = '+' | '-' | '~' | '?';

export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** A span of the record text, end exclusive, so a front end can underline it. */
export interface Span {
  start: number;
  end: number;
}

export interface MechanismTerm extends Span {
  kind: 'mechanism';
  name: MechanismName;
  qualifier: Qualifier;
  /** false when the qualifier was left out (then it is "+") */
  qualifierExplicit: boolean;
  /** the term as written */
  text: string;
  /** include, a, mx, ptr, exists: the domain-spec as written (null when absent) */
  domainSpec: string | null;
  /** ip4 / ip6: the network as written */
  network: string | null;
  /** a, mx, ip4: the IPv4 prefix length (null = 32) */
  cidr4: number | null;
  /** a, mx, ip6: the IPv6 prefix length (null = 128) */
  cidr6: number | null;
}

export interface ModifierTerm extends Span {
  kind: 'modifier';
  /** lower case */
  name: string;
  /** the macro-string after "=" */
  value: string;
  text: string;
}

/** A term that does not parse; the record is then a permerror (RFC 7208 section 4.6). */
export interface InvalidTerm extends Span {
  kind: 'invalid';
  text: string;
  message: string;
}

export type Term = MechanismTerm | ModifierTerm | InvalidTerm;

export interface ParseError extends Span {
  /** stable id, e.g. 'unknown-mechanism', 'bad-cidr', 'bad-domain-spec' */
  code: string;
  message: string;
}

export interface ParsedRecord {
  text: string;
  /** the span of "v=spf1", or null when the text is not an SPF version 1 record */
  version: Span | null;
  terms: Term[];
  errors: ParseError[];
  /** the record's redirect= and exp= modifiers (RFC 7208 section 6), when present exactly once */
  redirect: ModifierTerm | null;
  exp: ModifierTerm | null;
}

/** One DNS query the engine made and what came back, in words short enough for a tree view. */
export interface QueryTrace {
  name: string;
  type: RRType;
  /** 'answer' with records, or the error kind */
  outcome: 'answer' | 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'unreachable' | 'bad-response';
  /** the answer's records in presentation form (address, "10 mx.example.com", TXT text, PTR target) */
  records: string[];
  ttl: number | null;
  /** for failures: the resolver's message */
  message?: string;
}

export type TermOutcome =
  /** the mechanism matched: the record's result is its qualifier */
  | 'match'
  | 'no-match'
  /** the term ended the evaluation with temperror or permerror */
  | 'error'
  /** a modifier that does not change the result (unknown modifier, exp= of a non-fail) */
  | 'ignored'
  /** not reached: an earlier term decided */
  | 'not-evaluated'
  /** after a processing limit was crossed: shown to explain the cost, not evaluated (RFC 7208 section 4.6.4) */
  | 'beyond-limit';

export interface TermTrace extends Span {
  text: string;
  kind: Term['kind'];
  name: string;
  outcome: TermOutcome;
  /** why, in one short sentence */
  why: string;
  /** the error result when outcome is 'error' */
  error?: 'temperror' | 'permerror';
  /** DNS-querying terms this term was charged with (1 for include/a/mx/ptr/exists/redirect, RFC 7208 section 4.6.4) */
  lookups: number;
  /** void lookups this term caused (RFC 7208 section 4.6.4) */
  voidLookups: number;
  /** the term's own lookups plus everything below it: what it costs against the limit of 10 */
  cost: number;
  /** the target after macro expansion (include, a, mx, ptr, exists, redirect, exp) */
  target?: string;
  queries: QueryTrace[];
  /** include / redirect: the record evaluated for the target */
  child?: RecordTrace;
}

export interface RecordTrace {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  /** the record used, or null when none was selected */
  record: string | null;
  ttl: number | null;
  /** check_host()'s result for this domain */
  result: SpfResult;
  /** the TXT lookup and anything else made for the record itself */
  queries: QueryTrace[];
  terms: TermTrace[];
  /** why there was no usable record, or the syntax errors */
  errors: ParseError[];
  message: string;
  /** lookups charged in this record and below it */
  cost: number;
  /** resolved after a limit had been crossed, for the report only */
  beyondLimit: boolean;
}

export interface PathStep {
  domain: string;
  /** the term in that domain's record that led on (include/redirect) or decided; absent for a record that decided by default */
  term?: string;
  start?: number;
  end?: number;
  via: 'root' | 'include' | 'redirect';
}

export interface CheckHostInput {
  ip: string;
  domain: string;
  sender: string;
  helo: string;
}

export interface CheckOptions {
  resolver: Resolver;
  /** the time budget for the whole check (RFC 7208 section 4.6.4 says at least 20 s); ends in temperror */
  budgetMs?: number;
  signal?: AbortSignal;
  /** %{r} (RFC 7208 section 7.3), default 'unknown' */
  receiver?: string;
  /** %{t} clock in milliseconds, default Date.now */
  now?: () => number;
  /** false: fetch one query at a time, exactly as the RFC's sequential algorithm (for comparison); default true */
  parallel?: boolean;
}

export interface Evaluation {
  result: SpfResult;
  /** the exp= text after macro expansion, for a fail whose record declares one that applies; else null */
  explanation: string | null;
  /** for a fail without an applicable exp=: the engine's default explanation (DEFAULT_EXPLANATION expanded) */
  defaultExplanation: string | null;
  domain: string;
  ip: string;
  lookups: { count: number; void: number };
  dnsErrors: string[];
  trace: RecordTrace;
  matchedPath: PathStep[];
  reason: string;
  /** DNS queries sent to the resolver */
  queries: number;
}
