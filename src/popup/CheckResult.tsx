import type { DomainCheck } from '../messages';

/** What the background found for a domain: the SPF result for the IP (when one was given), records, notes. */
export function CheckResult({ check }: { check: DomainCheck }) {
  return (
    <div class="check-result" data-testid="check-result" aria-live="polite">
      <p>
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
          DNS lookups: {check.lookups.count} of {check.lookups.limit} allowed; void lookups: {check.lookups.void} of{' '}
          {check.lookups.voidLimit} allowed.
        </p>
      )}
      {check.records.length === 0 ? (
        <p>No SPF record found.</p>
      ) : (
        <ul class="records">
          {check.records.map((record) => (
            <li key={record}>
              <code>{record}</code>
            </li>
          ))}
        </ul>
      )}
      {check.notes.length > 0 && (
        <ul class="notes">
          {check.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
