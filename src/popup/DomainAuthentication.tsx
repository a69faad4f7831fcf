import { useId } from 'preact/hooks';
import type { DomainCheck } from '../messages';

const SEVERITY_WORDS: Record<string, string> = { error: 'Problem', warning: 'Warning', info: 'Note' };

/** "Check a domain": the DMARC policy that applies (RFC 9989 tree walk) and its findings. */
function DmarcPart({ dmarc }: { dmarc: NonNullable<DomainCheck['dmarc']> }) {
  const headingId = useId();
  const source = dmarc.discovery.source;
  return (
    <section class="part" data-testid="check-dmarc" aria-labelledby={headingId}>
      <h3 id={headingId}>DMARC</h3>
      {dmarc.record === null ? (
        <p data-testid="check-dmarc-record">No DMARC record applies to {dmarc.domain} (looked up by the DNS tree walk from _dmarc.{dmarc.domain}).</p>
      ) : (
        <>
          <p data-testid="check-dmarc-record">
            <code>_dmarc.{dmarc.policyDomain}</code>: <code>{dmarc.record}</code>
          </p>
          <p class="hint">
            {source === 'author-domain' ? 'The domain\'s own record.' : `Inherited from ${dmarc.policyDomain} (${source === 'public-suffix-domain' ? 'a public suffix domain' : 'its organisational domain'}).`} Organisational domain:{' '}
            {dmarc.orgDomain}.
          </p>
        </>
      )}
      {dmarc.findings.length > 0 && (
        <ul class="notes" data-testid="check-dmarc-findings">
          {dmarc.findings.map((f) => (
            <li key={`${f.id}-${f.message}`}>
              {SEVERITY_WORDS[f.severity] ?? f.severity}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Check a domain": the key of the DKIM selector the user gave, what it says, and at which service it lives. */
function DkimPart({ dkim }: { dkim: NonNullable<DomainCheck['dkim']> }) {
  const headingId = useId();
  const state = dkim.usable ? 'usable' : dkim.outcome === 'missing' ? 'missing' : dkim.outcome === 'error' ? 'not looked up (DNS error)' : 'not usable';
  return (
    <section class="part" data-testid="check-dkim" aria-labelledby={headingId}>
      <h3 id={headingId}>
        DKIM key for selector {dkim.selector}: {state}
      </h3>
      <p>
        <code>{dkim.query}</code>
        {dkim.cnames.length > 0 && <> → CNAME {dkim.cnames.join(' → ')}</>}
        {dkim.key?.bits != null && (
          <>
            {' '}
            ({dkim.key.algorithm} {dkim.key.bits} bits)
          </>
        )}
      </p>
      {dkim.record !== null && (
        <p>
          <code class="record">{dkim.record.text}</code>
        </p>
      )}
      {dkim.service !== null && (
        <p class="hint" data-testid="check-dkim-service">
          {dkim.service.by === 'selector' ? 'Probably' : 'At'} {dkim.service.name}: {dkim.service.where}.
        </p>
      )}
      {dkim.findings.length > 0 && (
        <ul class="notes" data-testid="check-dkim-findings">
          {dkim.findings.map((f) => (
            <li key={`${f.id}-${f.message}`}>
              {SEVERITY_WORDS[f.severity] ?? f.severity}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** DMARC, and DKIM for a selector the user gave, beside the SPF check of a domain. */
export function DomainAuthentication({ check }: { check: DomainCheck }) {
  return (
    <>
      {check.dmarc != null && <DmarcPart dmarc={check.dmarc} />}
      {check.dkim != null && <DkimPart dkim={check.dkim} />}
    </>
  );
}
