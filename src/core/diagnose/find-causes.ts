/**
 * The causes of a diagnosis, found in order: DNS first (nothing else can be trusted while DNS fails), then
 * the policy's own faults, then who sent (a service's include, its bounce domain, a forwarder, the reverse
 * DNS of the IP), then DKIM and DMARC.
 */
import { isSubdomainOf } from '../dns/name';
import { isTemporary } from '../dns/types';
import { checkHost, LOOKUP_LIMIT, VOID_LIMIT } from '../spf';
import type { Evaluation, RecordTrace } from '../spf';
import { authenticationCauses, dmarcDetail } from './authentication-causes';
import { repairRecord } from './build-fix';
import type { CauseContext } from './causes';
import { LINT_CAUSES } from './causes';
import { OverlayResolver } from './overlay-resolver';
import { FORWARDERS, SENDING_SERVICES, serviceByBounceDomain, servicesByPtr, type SendingService } from './providers';
import { isOwnServer, reverseDns, type ReverseDns } from './reverse-dns';
import type { AuthenticationStart, DiagnoseOptions, Found, Subject, Today } from './types';

type Causes = Pick<Found, 'causes' | 'details'>;

function firstTemporaryError(trace: RecordTrace): string | null {
  for (const q of trace.queries) if (q.outcome !== 'answer' && q.outcome !== 'nxdomain' && q.outcome !== 'nodata') return q.message ?? `${q.type} ${q.name}: ${q.outcome}`;
  for (const term of trace.terms) {
    for (const q of term.queries) if (q.outcome !== 'answer' && q.outcome !== 'nxdomain' && q.outcome !== 'nodata') return q.message ?? `${q.type} ${q.name}: ${q.outcome}`;
    if (term.child) {
      const found = firstTemporaryError(term.child);
      if (found !== null) return found;
    }
  }
  return null;
}

/** DNS trouble and the resolvers' disagreement: nothing else can be trusted while DNS fails. */
function dnsCauses(today: Today, { causes, details }: Causes): void {
  const { txt, evaluation, cross } = today;
  if (!txt.ok && txt.kind === 'nxdomain') causes.add('domain-not-found');
  if (!txt.ok && isTemporary(txt.kind)) {
    causes.add('dns-error');
    details.set('dns-error', txt.message);
  }
  if (evaluation?.result === 'temperror') {
    causes.add('dns-error');
    if (!details.has('dns-error')) details.set('dns-error', firstTemporaryError(evaluation.trace) ?? evaluation.reason);
  }
  if (cross !== null && cross.verdict === 'disagree') {
    causes.add('resolvers-disagree');
    details.set('resolvers-disagree', cross.summary);
  }
}

/** The policy's own faults: the lint findings that are causes (LINT_CAUSES) and the engine's limits. */
function policyCauses(domain: string, today: Today, { causes, details }: Causes): void {
  const { lint, evaluation, current } = today;
  for (const finding of lint.findings) {
    const cause = LINT_CAUSES[finding.id];
    if (cause === undefined) continue;
    if (cause === 'no-record' && causes.has('domain-not-found')) continue;
    if (cause === 'dns-error' && !causes.has('dns-error')) details.set('dns-error', finding.message);
    causes.add(cause);
    if (!details.has(cause)) details.set(cause, finding.message);
  }
  if (evaluation !== null && evaluation.result === 'permerror' && evaluation.lookups.count > LOOKUP_LIMIT) causes.add('too-many-lookups');
  // RFC 7208 section 4.6.4: say which terms cost most, so the user sees what to cut
  if (causes.has('too-many-lookups') && lint.tree !== null) {
    const costly = lint.tree.terms.filter((t) => t.cost > 0).sort((a, b) => b.cost - a.cost).slice(0, 4);
    details.set('too-many-lookups', `The costliest terms: ${costly.map((t) => `${t.text} (${t.cost})`).join(', ')}.`);
  }
  const syntax = lint.findings.find((f) => LINT_CAUSES[f.id] === 'syntax-error' && f.position !== undefined && f.domain === domain);
  if (syntax?.position !== undefined) {
    const term = (syntax.record ?? current[0] ?? '').slice(syntax.position.start, syntax.position.end);
    details.set('syntax-error', `"${term}" (characters ${syntax.position.start + 1} to ${syntax.position.end}): ${syntax.message}.`);
  }
  if (evaluation !== null && evaluation.result === 'permerror' && evaluation.lookups.void > VOID_LIMIT) causes.add('void-lookups');
}

/**
 * The service whose published include covers `ip`: those the PTR name points at first (an unconfirmed PTR
 * name only orders the table: coverage is what counts), then the rest in table order. Every include is asked
 * at once, alongside the reverse DNS (`ptr` is its pending name), so a service whose include is two levels
 * deep costs no round trip after the PTR. Called only once the record is known not to cover the IP: the
 * includes are not asked for mail the record already allows.
 */
async function findService(ip: string, ptr: Promise<string | null>, opts: DiagnoseOptions): Promise<SendingService | null> {
  const covers = async (service: SendingService): Promise<boolean> => {
    const evaluation = await checkHost(
      { ip, domain: service.include, sender: `postmaster@${service.include}`, helo: service.include },
      { resolver: opts.resolver, budgetMs: opts.budgetMs, signal: opts.signal },
    );
    return evaluation.result === 'pass';
  };
  const [name, covered] = await Promise.all([ptr, Promise.all(SENDING_SERVICES.map(covers))]);
  const covering = SENDING_SERVICES.filter((_, i) => covered[i]);
  const byPtr = name === null ? [] : servicesByPtr(name);
  return covering.find((s) => byPtr.includes(s)) ?? covering[0] ?? null;
}

/** The domain's MX hosts are the service's servers (e.g. Google Workspace hosts the domain's mail). */
async function mailHostedAt(domain: string, service: SendingService, opts: DiagnoseOptions): Promise<boolean> {
  const mx = await opts.resolver.lookup(domain, 'MX');
  if (!mx.ok) return false;
  return mx.records.some((r) => r.type === 'MX' && (service.mxSuffixes ?? service.ptrSuffixes).some((s) => isSubdomainOf(r.exchange, s)));
}

/** Why the IP is not listed, from its reverse DNS: "your own server" only on a forward-confirmed name under the domain. */
function ipNotListedDetail(subject: Subject, rdns: ReverseDns): string | null {
  if (isOwnServer(rdns)) return `its forward-confirmed reverse DNS name ${rdns.name} is under ${subject.domain}, so it is very likely your own server`;
  if (rdns.name !== null && rdns.underDomain) {
    return `its reverse DNS names ${rdns.name}, but that name does not lead back to ${subject.ip}: whoever holds an address can give it any name, so this is no sign that the server is yours`;
  }
  return null;
}

/**
 * Who sent a mail the (repaired) record does not cover: a forwarder, a service whose include covers the IP,
 * or an IP the record does not list. Only now, with the IP known not to be covered, are its reverse DNS and
 * the services' includes asked.
 */
async function unlistedSender(subject: Subject & { ip: string }, effective: Evaluation, found: Found, opts: DiagnoseOptions): Promise<void> {
  const { causes, details, context } = found;
  const pending = reverseDns(subject.ip, subject.domain, opts.resolver, opts.signal);
  const [rdns, service] = await Promise.all([pending, findService(subject.ip, pending.then((r) => r.name), opts)]);
  found.rdns = rdns;
  found.service = service;
  // a reverse DNS name is said (and believed) only when forward-confirmed
  if (rdns.confirmed) context.ptrName = rdns.name;
  const confirmedName = rdns.confirmed ? rdns.name : null;
  const forwarder = confirmedName === null ? undefined : FORWARDERS.find((f) => isSubdomainOf(confirmedName, f.ptrSuffix));
  if (forwarder !== undefined) {
    causes.add('forwarding');
    context.service = forwarder.name;
  } else if (found.service !== null) {
    causes.add('provider-not-included');
    // A forwarding service's server, while the domain's mail is not hosted there: as likely a forward
    // (e.g. a Gmail user forwarding) as a missing include. Both are said; the include stays the fix.
    if (found.service.forwards === true && !(await mailHostedAt(subject.domain, found.service, opts))) causes.add('forwarding');
  } else if (effective.result !== 'none') {
    causes.add('ip-not-listed');
    const detail = ipNotListedDetail(subject, rdns);
    if (detail !== null && !details.has('ip-not-listed')) details.set('ip-not-listed', detail);
  }
  if (effective.result === 'softfail' || effective.result === 'neutral') causes.add('softfail-policy');
}

/**
 * Who sent: the service's bounce domain, or for an IP the (repaired) record does not cover, the service's
 * include that covers it, a forwarder, or the IP itself. A broken record makes every check a permerror: the
 * IP is judged against the repaired one, as the fix will be judged.
 */
async function senderCauses(subject: Subject, today: Today, found: Found, opts: DiagnoseOptions): Promise<void> {
  const { domain, ip, envelope, helo } = subject;
  const { evaluation } = today;
  const effective =
    ip !== null && found.repaired !== null
      ? await checkHost({ ip, domain, sender: envelope, helo }, { resolver: new OverlayResolver(opts.resolver, domain, found.repaired), budgetMs: opts.budgetMs, signal: opts.signal })
      : evaluation;
  const failing = effective !== null && ['fail', 'softfail', 'neutral', 'none'].includes(effective.result);
  const bounceService = serviceByBounceDomain(domain);
  if (bounceService !== undefined && evaluation !== null && evaluation.result !== 'pass') {
    found.causes.add('return-path-domain');
    found.service = bounceService;
  } else if (ip !== null && failing) await unlistedSender({ ...subject, ip }, effective, found, opts);
  const { service, context } = found;
  if (service !== null) {
    context.service = context.service ?? service.name;
    context.serviceInclude = service.include;
    context.serviceSetting = service.returnPathSetting ?? null;
  }
}

/** DKIM and DMARC for the From domain with today's SPF result, from the answers of the first wave. */
async function authenticationStage(subject: Subject, today: Today, found: Found, auth: AuthenticationStart): Promise<void> {
  const { facts } = subject;
  const { causes, details, context } = found;
  const { evaluation } = today;
  const report = auth.run === null ? null : await auth.run.evaluate(evaluation === null ? null : { result: evaluation.result });
  found.auth = report;
  if (report !== null && auth.request !== null) {
    const dkim = authenticationCauses(report, auth.request.beyondSpf, facts?.headerFrom != null || (facts?.dkim ?? []).length > 0);
    for (const cause of dkim.causes) causes.add(cause);
    for (const [cause, detail] of dkim.details) details.set(cause, detail);
    context.fromDomain = report.dmarc.fromDomain;
    context.dkim = dkim.signature;
    context.dkimService = dkim.service === null ? null : { name: dkim.service.name, where: dkim.service.where, publish: dkim.service.publish };
    if (context.service === null && dkim.returnPath !== null) {
      context.service = dkim.returnPath.name;
      context.serviceSetting = dkim.returnPath.setting;
    }
  }
  if (subject.isDmarc) {
    causes.add('dmarc-policy');
    details.set('dmarc-policy', dmarcDetail(report));
  }
  // SPF checked the HELO name (the sending server's own name), not the envelope sender: its record is the one that counts
  if (facts?.domainRole === 'helo') details.set('ip-not-listed', `SPF was checked for the HELO name ${subject.domain}, the sending server's own name, not for your From address`);
  if (evaluation?.result === 'pass' && facts !== null && !subject.isDmarc) causes.add('passes-now');
}

/** Every cause of the diagnosis, with the words' context and the record the fix starts from. */
export async function findCauses(
  subject: Subject,
  today: Today,
  auth: AuthenticationStart,
  opts: DiagnoseOptions,
): Promise<Found> {
  const context: CauseContext = {
    domain: subject.domain,
    ip: subject.ip,
    result: today.evaluation?.result ?? null,
    service: null,
    serviceInclude: null,
    serviceSetting: null,
    ptrName: null,
    lookups: today.evaluation?.lookups.count ?? today.lint.worstCaseLookups,
    detail: null,
    ttl: today.ttl,
  };
  const found: Found = { causes: new Set(), details: new Map(), context, service: null, rdns: null, repaired: null, corrections: [], auth: null };
  dnsCauses(today, found);
  policyCauses(subject.domain, today, found);
  const repair = repairRecord(today.current, subject.domain, today.lint.findings, found.causes);
  found.repaired = repair.record;
  found.corrections = repair.changes;
  await senderCauses(subject, today, found, opts);
  await authenticationStage(subject, today, found, auth);
  return found;
}
