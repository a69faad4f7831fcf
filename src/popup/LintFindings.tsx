import type { LintFinding, Severity } from '../core/spf/lint';
import { sortFindings, underlineSegments } from './view';

const SEVERITY_WORDS: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Note' };

/** The record with the finding's term underlined (by its position in the record). */
function MarkedRecord({ record, position }: { record: string; position: { start: number; end: number } }) {
  return (
    <code class="record">
      {underlineSegments(record, [position]).map((segment, i) =>
        segment.marked ? (
          <mark key={i} class="bad-term">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </code>
  );
}

/** The policy's findings, worst first: severity in words, the message, the bad term underlined. */
export function LintFindings({ findings, domain }: { findings: LintFinding[]; domain: string }) {
  if (findings.length === 0) return <p data-testid="lint-findings">No problems found in the policy.</p>;
  return (
    <ul class="findings" data-testid="lint-findings">
      {sortFindings(findings).map((finding, i) => (
        <li key={i} class={`finding severity-${finding.severity}`}>
          <span class="severity">{SEVERITY_WORDS[finding.severity]}</span>{' '}
          {finding.domain !== domain && <span class="finding-domain">in {finding.domain}: </span>}
          <span>{finding.message}</span>
          {finding.record !== undefined && finding.position !== undefined && <MarkedRecord record={finding.record} position={finding.position} />}
        </li>
      ))}
    </ul>
  );
}
