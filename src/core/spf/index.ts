export * from './types';
export { parseRecord, isSpfRecord, MECHANISMS, DNS_TERMS } from './parse';
export { expandMacro, parseMacroString, queryName } from './macro';
export type { MacroContext, MacroToken, MacroLetter } from './macro';
export { checkHost, domainProblem, DEFAULT_EXPLANATION, DEFAULT_BUDGET_MS, LOOKUP_LIMIT, VOID_LIMIT, MX_LIMIT, PTR_LIMIT } from './evaluate';
export { lintPolicy, lintRecordText } from './lint';
export type { LintReport, LintFinding, LintId, LintNode, LintTerm, Severity } from './lint';
export { resolveIdentity, checkedSender, domainOfAddress } from './identity';
export type { SpfIdentity, GivenIdentity } from './identity';
