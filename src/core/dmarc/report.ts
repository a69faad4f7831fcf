/**
 * External report destinations: a rua= / ruf= address outside the policy's Organizational Domain counts only
 * when the destination publishes `<policy domain>._report._dmarc.<destination host>` TXT "v=DMARC1"
 * (DMARC Aggregate Reporting, the companion of RFC 9989, "Verifying External Destinations"; RFC 9989 section 11.6).
 */
import { normaliseName } from '../dns/name';
import { isTemporary } from '../dns/types';
import { isDmarcRecord } from './parse';
import type { DmarcDns } from './walk';
import type { DmarcFinding, DmarcUri } from './types';

/** DNS limits (RFC 1035 section 2.3.4): 253 characters in presentation form, 63 per label. */
function fitsDns(name: string): boolean {
  return name.length <= 253 && name.split('.').every((l) => l.length > 0 && l.length <= 63);
}

export interface DestinationCheck {
  uri: string;
  host: string | null;
  /** 'internal': same Organizational Domain, no authorisation needed */
  status: 'internal' | 'authorised' | 'unauthorised' | 'unknown';
  /** the name queried, when one was */
  query: string | null;
  /** the override rua= found in the authorising record, if any (same destination host only) */
  overrideRua: string | null;
  why: string;
}

/**
 * Checks one reporting URI of the record found at `_dmarc.<policyDomain>`. Uses the walk cache of `dns` for
 * both Organizational Domains.
 */
export async function checkReportDestination(policyDomain: string, uri: DmarcUri, dns: DmarcDns): Promise<DestinationCheck> {
  const domain = normaliseName(policyDomain);
  const host = uri.host ? normaliseName(uri.host) : null;
  const base = { uri: uri.uri, host, query: null, overrideRua: null };
  if (!host) return { ...base, status: 'unknown', why: `${uri.uri} names no host` };
  const [own, dest] = await Promise.all([dns.orgDomain(domain), dns.orgDomain(host)]);
  if (own.orgDomain === dest.orgDomain) return { ...base, status: 'internal', why: `${host} is inside ${own.orgDomain}` };
  // steps 1-3: <policy domain>._report._dmarc.<destination host>
  const query = `${domain}._report._dmarc.${host}`;
  if (!fitsDns(query)) return { ...base, query, status: 'unauthorised', why: `${query} is longer than DNS allows, so the destination cannot authorise it` };
  const answer = await dns.lookup(query, 'TXT');
  if (!answer.ok) {
    if (isTemporary(answer.kind)) return { ...base, query, status: 'unknown', why: `${query}: ${answer.message}` };
    return { ...base, query, status: 'unauthorised', why: `${host} has not authorised reports for ${domain}: ${query} has no TXT record` };
  }
  // step 6: each record is a tag list that MUST start with v=DMARC1
  const records = answer.records.flatMap((r) => (r.type === 'TXT' && isDmarcRecord(r.text) ? [r.text] : []));
  if (records.length === 0) return { ...base, query, status: 'unauthorised', why: `${query} has no record starting with "v=DMARC1"` };
  // step 9: an override rua= must keep the same destination host
  const override = /(?:^|;)\s*rua\s*=\s*([^;]+)/i.exec(records[0] as string)?.[1]?.trim() ?? null;
  return { ...base, query, status: 'authorised', overrideRua: override, why: `${host} authorises reports for ${domain} (${query})` };
}

/** Findings for every unauthorised external destination of a record's rua= and ruf=. */
export async function lintReportDestinations(policyDomain: string, rua: DmarcUri[], ruf: DmarcUri[], dns: DmarcDns): Promise<{ checks: DestinationCheck[]; findings: DmarcFinding[] }> {
  const checks = await Promise.all([...rua, ...ruf].map((u) => checkReportDestination(policyDomain, u, dns)));
  const findings: DmarcFinding[] = checks
    .filter((c) => c.status === 'unauthorised')
    .map((c) => ({
      id: 'external-destination-unauthorised' as const,
      severity: 'warning' as const,
      message: `reports to ${c.uri} are not sent: ${c.why}; publish "v=DMARC1" at ${c.query ?? `${policyDomain}._report._dmarc.${c.host}`}`,
      domain: policyDomain,
      rfc: '11.6',
    }));
  return { checks, findings };
}
