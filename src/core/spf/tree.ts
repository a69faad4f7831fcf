/**
 * The policy tree every front end draws (the popup's PolicyTree, the CLI's text tree): the include / redirect
 * records with what each costs, from check_host()'s trace (outcomes, the matched path) or from the lint report
 * (worst-case costs, nothing matched). One shape for both, one rule for the matched path.
 */
import type { LintNode } from './lint';
import type { PathStep, RecordTrace, SpfResult, TermOutcome } from './types';

/** One term of a record in the tree. */
export interface TreeTerm {
  text: string;
  name: string;
  start: number;
  end: number;
  /** what this term costs against the limit of 10 DNS-querying terms, its subtree included (RFC 7208 section 4.6.4) */
  cost: number;
  /** void lookups of the term (RFC 7208 section 4.6.4): counted by the check, or 1 when the lint found its name empty */
  voidLookups: number;
  /** check_host()'s outcome for the term; absent in the policy view (no IP) */
  outcome?: TermOutcome;
  /** why, in one sentence (trace only) */
  why?: string;
  /** on the matched path: the term that led on to the decision or made it (onMatchedPath) */
  matched: boolean;
  /** include / redirect: the record evaluated for the target */
  child?: TreeNode;
}

/** One record in the tree: the root domain's, or one reached by include / redirect. */
export interface TreeNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  record: string | null;
  ttl: number | null;
  /** lookups of this record and everything below it */
  cost: number;
  /** check_host()'s result for this domain (trace only) */
  result?: SpfResult;
  /** fetched after a processing limit was crossed, to show its cost only (trace only, RFC 7208 section 4.6.4) */
  beyondLimit?: boolean;
  /** why there is no usable record, or what went wrong */
  problem?: string;
  terms: TreeTerm[];
}

/**
 * Whether the term starting at `start` of `domain`'s record, at `depth` of the tree (0 = the root record), is on
 * the matched path. The path has one step per level, from the root record down: each step names the term of
 * that level's record that led on (include, redirect) or decided. A step without a term (a record that decided
 * by default) marks nothing. The same domain can stand at several places of a tree (two includes of one
 * provider): only the place the path went through is marked, so the caller passes a record's path only when
 * the term above it was on the path itself (treeFromTrace does).
 */
export function onMatchedPath(path: readonly PathStep[], depth: number, domain: string, start: number): boolean {
  const step = path[depth];
  return step !== undefined && step.domain === domain && step.start === start;
}

/**
 * The tree of a check_host() evaluation, with the terms on the matched path marked. A record that decided by
 * default (no term matched) has a path step without a term: nothing in it is marked.
 */
export function treeFromTrace(trace: RecordTrace, matchedPath: readonly PathStep[], depth = 0): TreeNode {
  // a term stays marked only while every step above it was also on the path
  const parentOnPath = depth === 0 || matchedPath[depth - 1] !== undefined;
  const problem = trace.errors.length > 0 ? trace.errors.map((e) => e.message).join('; ') : trace.record === null ? trace.message : undefined;
  return {
    domain: trace.domain,
    via: trace.via,
    record: trace.record,
    ttl: trace.ttl,
    cost: trace.cost,
    result: trace.result,
    beyondLimit: trace.beyondLimit,
    ...(problem !== undefined ? { problem } : {}),
    terms: trace.terms.map((term) => {
      const matched = parentOnPath && onMatchedPath(matchedPath, depth, trace.domain, term.start);
      return {
        text: term.text,
        name: term.name,
        start: term.start,
        end: term.end,
        cost: term.cost,
        voidLookups: term.voidLookups,
        outcome: term.outcome,
        why: term.why,
        matched,
        ...(term.child ? { child: treeFromTrace(term.child, matched ? matchedPath : [], depth + 1) } : {}),
      };
    }),
  };
}

/** The tree of the policy without an IP (lint): the worst-case cost of each node, nothing matched. */
export function treeFromLint(node: LintNode): TreeNode {
  return {
    domain: node.domain,
    via: node.via,
    record: node.record,
    ttl: node.ttl,
    cost: node.cost,
    ...(node.problem !== undefined ? { problem: node.problem } : {}),
    terms: node.terms.map((term) => ({
      text: term.text,
      name: term.name,
      start: term.start,
      end: term.end,
      cost: term.cost,
      voidLookups: term.void ? 1 : 0,
      matched: false,
      ...(term.child ? { child: treeFromLint(term.child) } : {}),
    })),
  };
}

/** The records of the tree, depth first, with their level (1 = the domain's own record). */
export function flattenTree(root: TreeNode): { node: TreeNode; level: number }[] {
  const rows: { node: TreeNode; level: number }[] = [];
  const walk = (node: TreeNode, level: number): void => {
    rows.push({ node, level });
    for (const term of node.terms) if (term.child) walk(term.child, level + 1);
  };
  walk(root, 1);
  return rows;
}
