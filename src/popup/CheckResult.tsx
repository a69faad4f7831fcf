import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { DomainCheck } from '../messages';
import { DiagnosisView } from './DiagnosisView';
import { DnsFacts } from './DnsFacts';
import { DomainAuthentication } from './DomainAuthentication';
import { LintFindings } from './LintFindings';
import { PolicyTree } from './PolicyTree';
import { treeFromLint, treeFromTrace } from './view';

function Part({ title, children }: { title: string; children: ComponentChildren }) {
  const headingId = useId();
  return (
    <section class="part" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {children}
    </section>
  );
}

/**
 * What the background found for a domain: the result and verdict, the cause and the verified fix, the include
 * tree (check_host()'s trace when an IP was given, with the matched path marked; else the policy's worst case),
 * the lint findings, the resolvers' cross-check and the records' TTLs.
 */
export function CheckResult({ check }: { check: DomainCheck }) {
  const tree =
    check.evaluation !== null ? treeFromTrace(check.evaluation.trace, check.evaluation.matchedPath) : check.lint.tree === null ? null : treeFromLint(check.lint.tree);
  // notes repeat the lint errors shown below; only the DNS errors are news here
  const lintMessages = new Set(check.lint.findings.map((f) => f.message));
  const dnsNotes = check.notes.filter((note) => !lintMessages.has(note));
  return (
    <div class="check-result" data-testid="check-result">
      <p class="headline">
        <strong>{check.domain}</strong>
        {check.ip !== null && check.result !== undefined && (
          <>
            {' '}for {check.ip}: <span class={`result result-${check.result}`}>{check.result}</span>
          </>
        )}
      </p>
      {check.reason !== undefined && <p data-testid="check-reason">{check.reason}</p>}
      {check.explanation && (
        <p>
          The domain's own explanation: <q>{check.explanation}</q>
        </p>
      )}
      {check.lookups !== undefined && (
        <p class="lookups">
          DNS lookups: {check.lookups.count} of {check.lookups.limit} allowed; void lookups: {check.lookups.void} of {check.lookups.voidLimit} allowed.
        </p>
      )}
      {check.ip === null && (
        <p class="lookups">
          Worst case for any sender: {check.lint.worstCaseLookups} of 10 DNS lookups allowed.
        </p>
      )}
      {check.records.length === 0 && <p>No SPF record found.</p>}
      {dnsNotes.length > 0 && (
        <ul class="notes">
          {dnsNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <DiagnosisView diagnosis={check.diagnosis} />
      {tree !== null && (
        <Part title={check.evaluation !== null ? 'Include tree, as evaluated' : 'Include tree (worst case)'}>
          <PolicyTree root={tree} label={`Include tree of ${check.domain}`} />
        </Part>
      )}
      <DomainAuthentication check={check} />
      <Part title="Policy findings">
        <LintFindings findings={check.lint.findings} domain={check.domain} />
      </Part>
      <Part title="DNS">
        <DnsFacts crossCheck={check.diagnosis.crossCheck} tree={tree} />
      </Part>
    </div>
  );
}
