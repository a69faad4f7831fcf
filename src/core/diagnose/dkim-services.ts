/**
 * Sending services and how each one does DKIM for its customers: one row per service, so adding a service is
 * adding a row. A row is matched by where the key really lives (the CNAME target of
 * `<selector>._domainkey.<domain>`, the strongest sign), by the `d=` the service signs with when the customer
 * has not set up their own domain (its own domain: never aligned with the customer's From), or, weakest, by
 * the selector name the service always uses.
 *
 * Sources: each service's own "authenticate your domain" / "DKIM" help page (named in the row's comment).
 */
import { isSubdomainOf } from '../dns/name';

export interface DkimService {
  id: string;
  name: string;
  /** selectors the service always uses (exact, lower case) */
  selectors: string[];
  /** a selector pattern the service's generated selectors follow, when they are not fixed */
  selectorPattern?: RegExp;
  /** where the service's CNAMEs point: suffixes of the target name */
  cnameSuffixes: string[];
  /** the service's own signing domains (d=) when the customer's domain is not set up */
  ownDomains: string[];
  /** what the customer publishes, in plain words */
  publish: string;
  /** where in the service the DKIM set-up is */
  where: string;
}

export const DKIM_SERVICES: readonly DkimService[] = [
  // Google Workspace admin help "Set up DKIM": default selector "google", a TXT record; unset, Google signs with
  // d=<domain>.gappssmtp.com
  {
    id: 'google',
    name: 'Google Workspace',
    selectors: ['google'],
    cnameSuffixes: [],
    ownDomains: ['gappssmtp.com', 'google.com', 'googlemail.com'],
    publish: 'one TXT record at google._domainkey.<domain> with the key the Admin console generates',
    where: 'Admin console → Apps → Google Workspace → Gmail → Authenticate email: generate the record, publish it, then click "Start authentication"',
  },
  // Microsoft Learn "Use DKIM for email in your custom domain": two CNAMEs, selector1 and selector2, to keys
  // under the tenant's onmicrosoft.com (newer tenants: dkim.mail.microsoft); unset, d=<tenant>.onmicrosoft.com
  {
    id: 'microsoft',
    name: 'Microsoft 365',
    selectors: ['selector1', 'selector2'],
    cnameSuffixes: ['onmicrosoft.com', 'dkim.mail.microsoft'],
    ownDomains: ['onmicrosoft.com'],
    publish: 'two CNAME records, selector1._domainkey and selector2._domainkey, with the targets Microsoft shows',
    where: 'Microsoft Defender portal → Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM: select the domain, publish the two CNAMEs, then turn on "Sign messages for this domain with DKIM signatures"',
  },
  // Twilio SendGrid docs "How to set up domain authentication": CNAMEs s1._domainkey and s2._domainkey to
  // s1.domainkey.uNNN.wlNNN.sendgrid.net; unset, d=sendgrid.net
  {
    id: 'sendgrid',
    name: 'SendGrid',
    selectors: ['s1', 's2'],
    cnameSuffixes: ['sendgrid.net'],
    ownDomains: ['sendgrid.net', 'sendgrid.info'],
    publish: 'the CNAME records SendGrid shows (s1._domainkey, s2._domainkey and em<NNNN> for the return path)',
    where: 'SendGrid → Settings → Sender Authentication → Authenticate Your Domain, then "Verify"',
  },
  // Mailchimp help "Set up email domain authentication": CNAME k1._domainkey to dkim.mcsv.net (k2, k3 to
  // dkim2/dkim3.mcsv.net); unset, d=mcsv.net or mailchimpapp.net
  {
    id: 'mailchimp',
    name: 'Mailchimp',
    selectors: ['k1', 'k2', 'k3'],
    cnameSuffixes: ['mcsv.net'],
    ownDomains: ['mcsv.net', 'mailchimpapp.net', 'rsgsv.net', 'mcdlv.net'],
    publish: 'the CNAME records Mailchimp shows (k1._domainkey to dkim.mcsv.net, and k2, k3 when listed)',
    where: 'Mailchimp → Website → Domains → your domain → Authenticate, then "Verify"',
  },
  // Mailchimp Transactional docs "Authentication": mte1/mte2._domainkey CNAMEs to dkim1/dkim2.mandrillapp.com
  {
    id: 'mandrill',
    name: 'Mailchimp Transactional (Mandrill)',
    selectors: ['mte1', 'mte2', 'mandrill'],
    cnameSuffixes: ['mandrillapp.com'],
    ownDomains: ['mandrillapp.com'],
    publish: 'the CNAME records Mandrill shows (mte1._domainkey and mte2._domainkey)',
    where: 'Mandrill → Settings → Sending Domains → DKIM settings, then "Test DNS settings"',
  },
  // Amazon SES developer guide "Easy DKIM": three CNAMEs <token>._domainkey to <token>.dkim.amazonses.com;
  // unset, d=amazonses.com
  {
    id: 'amazon-ses',
    name: 'Amazon SES',
    selectors: [],
    selectorPattern: /^[a-z0-9]{32}$/,
    cnameSuffixes: ['dkim.amazonses.com'],
    ownDomains: ['amazonses.com'],
    publish: 'the three CNAME records SES shows (<token>._domainkey to <token>.dkim.amazonses.com)',
    where: 'SES console → Configuration → Verified identities → your domain → Authentication → DKIM (Easy DKIM): publish the three CNAMEs',
  },
  // Mailgun docs "DKIM security": pdk1/pdk2._domainkey CNAMEs to ...dkim1.mailgun.com (automatic sender
  // security), or a TXT key under the selector shown; unset, d=mailgun.org
  {
    id: 'mailgun',
    name: 'Mailgun',
    selectors: ['pdk1', 'pdk2', 'krs', 'pic', 'mailo'],
    cnameSuffixes: ['mailgun.com', 'mailgun.org'],
    ownDomains: ['mailgun.org', 'mailgun.net'],
    publish: 'the DKIM record Mailgun shows for the sending domain (pdk1/pdk2 CNAMEs, or a TXT key under its selector)',
    where: 'Mailgun → Send → Sending → Domain settings → DNS records, then "Verify"',
  },
  // Postmark help "DKIM": a TXT key at <date>pm._domainkey; unset, d=pm.mtasv.net
  {
    id: 'postmark',
    name: 'Postmark',
    selectors: [],
    selectorPattern: /^\d{8,14}pm$/,
    cnameSuffixes: ['mtasv.net'],
    ownDomains: ['mtasv.net', 'postmarkapp.com'],
    publish: 'the TXT record Postmark shows at <date>pm._domainkey (and the pm-bounces CNAME for the return path)',
    where: 'Postmark → Sender Signatures → your domain → DNS Settings, then "Verify"',
  },
  // Brevo help "Authenticate your domain": brevo1/brevo2._domainkey CNAMEs to b1/b2.<domain>.dkim.brevo.com
  // (older accounts: a TXT key at mail._domainkey); unset, d=brevosend.com / sendinblue.com
  {
    id: 'brevo',
    name: 'Brevo (Sendinblue)',
    selectors: ['brevo1', 'brevo2'],
    cnameSuffixes: ['dkim.brevo.com', 'sendinblue.com'],
    ownDomains: ['brevosend.com', 'sendinblue.com', 'sender-sib.com', 'brevo.com'],
    publish: 'the records Brevo shows (brevo1/brevo2._domainkey CNAMEs, the brevo-code TXT)',
    where: 'Brevo → Senders, Domains & Dedicated IPs → Domains → Authenticate',
  },
  // Zoho Mail help "DKIM configuration": a TXT key under a selector the admin names (often zmail or zoho)
  {
    id: 'zoho',
    name: 'Zoho Mail',
    selectors: ['zmail', 'zoho'],
    cnameSuffixes: [],
    ownDomains: ['zoho.com', 'zohomail.com', 'zoho.eu'],
    publish: 'the TXT record Zoho generates at <selector>._domainkey',
    where: 'Zoho Mail Admin Console → Domains → your domain → Email Configuration → DKIM: add a selector, publish the TXT, then "Verify"',
  },
  // SparkPost docs "Sending domains": a TXT key at scph<MMYY>._domainkey; unset, d=sparkpostmail.com
  {
    id: 'sparkpost',
    name: 'SparkPost',
    selectors: [],
    selectorPattern: /^scph\d{4}$/,
    cnameSuffixes: ['sparkpostmail.com'],
    ownDomains: ['sparkpostmail.com'],
    publish: 'the TXT record SparkPost shows at scph<MMYY>._domainkey',
    where: 'SparkPost → Configuration → Sending Domains → your domain, then "Verify"',
  },
  // HubSpot knowledge base "Connect your email sending domain": hs1-<id>/hs2-<id>._domainkey CNAMEs to
  // ...dkim.hubspotemail.net; unset, d=hubspotemail.net
  {
    id: 'hubspot',
    name: 'HubSpot',
    selectors: [],
    selectorPattern: /^hs[12]-\d+$/,
    cnameSuffixes: ['hubspotemail.net'],
    ownDomains: ['hubspotemail.net', 'hubspot.net'],
    publish: 'the two hs1-/hs2-._domainkey CNAME records HubSpot shows',
    where: 'HubSpot → Settings → Content → Domains & URLs → Email sending domains → Connect',
  },
];

export interface DkimServiceMatch {
  service: DkimService;
  /** how it was recognised: the key's CNAME target, the service's own d=, or only the selector's name */
  by: 'cname' | 'signing-domain' | 'selector';
}

/** The service behind a signature, from the strongest sign to the weakest; null when none fits. */
export function dkimServiceFor(selector: string, domain: string, cnames: string[] = []): DkimServiceMatch | null {
  for (const service of DKIM_SERVICES) if (cnames.some((c) => service.cnameSuffixes.some((s) => isSubdomainOf(c, s)))) return { service, by: 'cname' };
  for (const service of DKIM_SERVICES) if (service.ownDomains.some((d) => isSubdomainOf(domain, d))) return { service, by: 'signing-domain' };
  const s = selector.toLowerCase();
  for (const service of DKIM_SERVICES) if (service.selectors.includes(s) || service.selectorPattern?.test(s) === true) return { service, by: 'selector' };
  return null;
}

/** The service whose own domain `domain` is (a return path or a d= of the service, never the customer's). */
export function dkimServiceByOwnDomain(domain: string): DkimService | null {
  return DKIM_SERVICES.find((s) => s.ownDomains.some((d) => isSubdomainOf(domain, d))) ?? null;
}
