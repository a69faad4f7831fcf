/**
 * A domain's DMARC set-up on its own, without a message: which record applies (RFC 9989 section 4.10.1), its
 * Organizational Domain (section 4.10.2), the record's findings and whether its external report destinations
 * have authorised it. For "check a domain".
 */
import { normaliseName } from '../dns/name';
import { lintReportDestinations } from './report';
import type { DestinationCheck } from './report';
import type { DmarcDnsOptions } from './walk';
import { DmarcDns, discoverPolicy } from './walk';
import type { DmarcFinding, PolicyDiscovery, Severity } from './types';

export interface DmarcReport {
  domain: string;
  discovery: PolicyDiscovery;
  /** the applied record's text, or null */
  record: string | null;
  policyDomain: string | null;
  orgDomain: string;
  destinations: DestinationCheck[];
  findings: DmarcFinding[];
  dnsErrors: string[];
  queries: number;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Inspects the DMARC policy that applies to `domain`. Never throws for DNS trouble. */
export async function lintDmarcDomain(domain: string, opts: DmarcDnsOptions): Promise<DmarcReport> {
  const dns = new DmarcDns(opts);
  const name = normaliseName(domain);
  const discovery = await discoverPolicy(name, dns);
  const findings: DmarcFinding[] = [];
  const report: DmarcReport = { domain: name, discovery, record: discovery.record?.text ?? null, policyDomain: discovery.policyDomain, orgDomain: discovery.orgDomain, destinations: [], findings, dnsErrors: dns.dnsErrors, queries: 0 };
  for (const step of discovery.walk.steps) {
    if (step.outcome === 'multiple') findings.push({ id: 'multiple-records', severity: 'error', message: `${step.query} has several DMARC records: all of them are discarded (RFC 9989 section 4.10)`, domain: step.domain, rfc: '4.10' });
    if (step.outcome === 'no-record' && step.texts.length > 0 && step.domain === name) {
      findings.push({ id: 'not-dmarc', severity: 'error', message: `${step.query} has TXT records, but none starts with "v=DMARC1" (RFC 9989 section 4.7)`, domain: step.domain, rfc: '4.7' });
    }
  }
  if (discovery.error) {
    findings.push({ id: 'dns-error', severity: 'error', message: `the DMARC record could not be looked up: ${discovery.error}`, domain: name, rfc: '4.10.1' });
  } else if (!discovery.record || !discovery.policyDomain) {
    findings.push({ id: 'no-record', severity: 'error', message: `no DMARC record for ${name} or any domain above it: receivers apply no DMARC, and the big mailbox providers require one of bulk senders (RFC 9989 section 4.10.1)`, domain: name, rfc: '4.10.1' });
  } else {
    findings.push(...discovery.record.findings);
    const checked = await lintReportDestinations(discovery.policyDomain, discovery.record.rua, discovery.record.ruf, dns);
    report.destinations = checked.checks;
    findings.push(...checked.findings);
  }
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  report.queries = dns.sent;
  return report;
}
