import { Fragment } from 'preact';
import type { Diagnosis } from '../core/diagnose/diagnose';
import { recordTtls, ttlWords, type TreeNode } from './view';

/** The two resolvers' cross-check and the records' TTLs (how long a change takes to reach receivers). */
export function DnsFacts({ crossCheck, tree }: { crossCheck: Diagnosis['crossCheck']; tree: TreeNode | null }) {
  const ttls = tree === null ? [] : recordTtls(tree);
  return (
    <div class="dns-facts" data-testid="dns-facts">
      <p data-testid="cross-check">
        {crossCheck === null
          ? 'Resolvers not cross-checked: one resolver is set in the settings, or the comparison failed.'
          : `Resolvers ${crossCheck.verdict === 'agree' ? 'agree' : crossCheck.verdict === 'disagree' ? 'disagree' : 'could not be compared'}: ${crossCheck.summary}`}
      </p>
      {ttls.length > 0 && (
        <dl class="fields ttls" data-testid="ttls">
          {ttls.map(({ domain, ttl }) => (
            <Fragment key={domain}>
              <dt>TTL of {domain}</dt>
              <dd>{ttlWords(ttl)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}
