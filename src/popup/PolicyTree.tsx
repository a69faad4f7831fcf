import type { TreeNode, TreeTerm } from '../core/spf/tree';
import type { TermOutcome } from '../core/spf/types';
import { lookupWords } from './view';

const OUTCOME_WORDS: Record<TermOutcome, string> = {
  match: 'matched',
  'no-match': 'no match',
  error: 'error',
  ignored: 'ignored',
  'not-evaluated': 'not reached',
  'beyond-limit': 'beyond the limit',
};

const VIA_WORDS: Record<TreeNode['via'], string> = {
  root: 'the domain\'s record',
  include: 'by include',
  redirect: 'by redirect',
};

function TermView({ term }: { term: TreeTerm }) {
  return (
    <li class={term.matched ? 'term on-path' : 'term'} data-matched={term.matched ? 'true' : 'false'}>
      <span class="term-line">
        <code>{term.text}</code>
        {term.cost > 0 && <span class="cost">{lookupWords(term.cost)}</span>}
        {term.outcome !== undefined && <span class={`outcome outcome-${term.outcome}`}>{OUTCOME_WORDS[term.outcome]}</span>}
        {term.matched && <span class="path-mark">on the matched path</span>}
      </span>
      {term.why !== undefined && term.outcome !== 'not-evaluated' && <span class="why">{term.why}</span>}
      {term.child && (
        <ul>
          <li>
            <NodeView node={term.child} />
          </li>
        </ul>
      )}
    </li>
  );
}

function NodeView({ node }: { node: TreeNode }) {
  return (
    <div class="node" data-domain={node.domain}>
      <span class="node-line">
        <strong>{node.domain}</strong>
        <span class="via">{VIA_WORDS[node.via]}</span>
        <span class="cost" data-testid="node-cost">
          {lookupWords(node.cost)}
        </span>
        {node.result !== undefined && <span class={`node-result result-${node.result}`}>{node.result}</span>}
      </span>
      {node.record !== null && <code class="record">{node.record}</code>}
      {node.problem !== undefined && <p class="problem">{node.problem}</p>}
      {node.terms.length > 0 && (
        <ul>
          {node.terms.map((term) => (
            <TermView key={term.start} term={term} />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The include / redirect tree as nested lists (screen readers announce the level), each record with the
 * lookups it costs and, after a check for an IP, each term's outcome with the matched path marked.
 */
export function PolicyTree({ root, label }: { root: TreeNode; label: string }) {
  return (
    <ul class="tree" aria-label={label} data-testid="policy-tree">
      <li>
        <NodeView node={root} />
      </li>
    </ul>
  );
}
