/**
 * Sending services and the SPF include each one asks its customers to publish. One row per service:
 * adding a service is adding a row. `include` is the name the service documents; `ptrSuffixes` are the
 * reverse-DNS names its outbound servers carry; `bounceDomains` are the envelope (Return-Path) domains the
 * service uses when a customer has not set up a custom return path, so SPF was checked for the service's
 * domain, not the customer's.
 *
 * Sources: each service's own "SPF record" help page (named in the row's comment).
 */
import { isSubdomainOf } from '../dns/name';
export interface SendingService {
  id: string;
  name: string;
  include: string;
  ptrSuffixes: string[];
  bounceDomains: string[];
  /** what to do in the service's settings when its bounce domain was checked */
  returnPathSetting?: string;
  /** the service also relays mail it did not originate (forwarding, groups, lists) */
  forwards?: boolean;
  /** MX host names of domains whose mail the service hosts (default: ptrSuffixes) */
  mxSuffixes?: string[];
}

export const SENDING_SERVICES: readonly SendingService[] = [
  // Google Workspace admin help "Set up SPF": v=spf1 include:_spf.google.com ~all
  { id: 'google', name: 'Google Workspace / Gmail', include: '_spf.google.com', ptrSuffixes: ['google.com', 'googlemail.com'], bounceDomains: [], forwards: true, mxSuffixes: ['google.com', 'googlemail.com'] },
  // Microsoft Learn "Set up SPF to identify valid email sources for your Microsoft 365 domain"
  { id: 'microsoft', name: 'Microsoft 365 / Exchange Online', include: 'spf.protection.outlook.com', ptrSuffixes: ['outbound.protection.outlook.com', 'protection.outlook.com'], bounceDomains: [], forwards: true, mxSuffixes: ['mail.protection.outlook.com'] },
  // Twilio SendGrid docs "SPF records": include:sendgrid.net (automated security: em.<domain> CNAME)
  { id: 'sendgrid', name: 'SendGrid', include: 'sendgrid.net', ptrSuffixes: ['sendgrid.net'], bounceDomains: ['sendgrid.net'], returnPathSetting: 'Settings → Sender Authentication → Authenticate your domain (sets a custom return path under your domain)' },
  // Mailchimp help "Set up Mailchimp authentication": include:servers.mcsv.net
  { id: 'mailchimp', name: 'Mailchimp', include: 'servers.mcsv.net', ptrSuffixes: ['mcsv.net', 'rsgsv.net', 'mcdlv.net'], bounceDomains: ['mcsv.net', 'rsgsv.net', 'mcdlv.net'], returnPathSetting: 'Website → Domains → Authenticate' },
  // Mailchimp Transactional (Mandrill) docs: include:spf.mandrillapp.com
  { id: 'mandrill', name: 'Mailchimp Transactional (Mandrill)', include: 'spf.mandrillapp.com', ptrSuffixes: ['mandrillapp.com'], bounceDomains: ['mandrillapp.com'], returnPathSetting: 'Settings → Sending domains → custom return-path domain' },
  // Amazon SES developer guide "Authenticating email with SPF": include:amazonses.com
  { id: 'amazon-ses', name: 'Amazon SES', include: 'amazonses.com', ptrSuffixes: ['amazonses.com', 'smtp-out.amazonses.com'], bounceDomains: ['amazonses.com'], returnPathSetting: 'SES console → Verified identities → Custom MAIL FROM domain' },
  // Mailgun help "SPF": include:mailgun.org
  { id: 'mailgun', name: 'Mailgun', include: 'mailgun.org', ptrSuffixes: ['mailgun.net', 'mailgun.org'], bounceDomains: ['mailgun.org', 'mailgun.net'], returnPathSetting: 'Sending → Domains (send from a domain verified at Mailgun)' },
  // Postmark help "SPF": include:spf.mtasv.net
  { id: 'postmark', name: 'Postmark', include: 'spf.mtasv.net', ptrSuffixes: ['mtasv.net'], bounceDomains: ['mtasv.net'], returnPathSetting: 'Sender Signatures → Return-Path (custom pm-bounces subdomain)' },
  // SparkPost docs "Sending domain SPF": include:sparkpostmail.com
  { id: 'sparkpost', name: 'SparkPost', include: 'sparkpostmail.com', ptrSuffixes: ['sparkpostmail.com'], bounceDomains: ['sparkpostmail.com'], returnPathSetting: 'Configuration → Bounce Domains' },
  // Brevo help "Authenticate your domain": include:spf.brevo.com (formerly spf.sendinblue.com)
  { id: 'brevo', name: 'Brevo (Sendinblue)', include: 'spf.brevo.com', ptrSuffixes: ['brevo.com', 'sendinblue.com', 'sendib.com'], bounceDomains: ['sendinblue.com', 'brevo.com'] },
  // Zoho Mail help "SPF configuration": include:zohomail.com
  { id: 'zoho', name: 'Zoho Mail', include: 'zohomail.com', ptrSuffixes: ['zoho.com', 'zohomail.com', 'zoho.eu'], bounceDomains: [] },
  // Zendesk help "Allowing Zendesk to send email on behalf of your domain": include:mail.zendesk.com
  { id: 'zendesk', name: 'Zendesk', include: 'mail.zendesk.com', ptrSuffixes: ['zendesk.com'], bounceDomains: [] },
  // Salesforce help "Sender Policy Framework": include:_spf.salesforce.com
  { id: 'salesforce', name: 'Salesforce', include: '_spf.salesforce.com', ptrSuffixes: ['salesforce.com', 'exacttarget.com'], bounceDomains: ['bnc.salesforce.com'], returnPathSetting: 'Setup → Deliverability → enable bounce management with your own domain' },
  // HubSpot: without a dedicated IP the envelope sender is a subdomain of hubspotemail.net (dmarc.wiki/hubspot), so
  // SPF is checked for HubSpot's domain; guides name "include:hubspot.com" for the customer's record (mxio.io/providers/hubspot)
  { id: 'hubspot', name: 'HubSpot', include: 'hubspot.com', ptrSuffixes: ['hubspotemail.net', 'hubspot.net'], bounceDomains: ['hubspotemail.net'], returnPathSetting: 'Settings → Domains & URLs → Email sending domain (a dedicated IP sends with your own return path)' },
  // Fastmail help "Custom domain DNS": include:spf.messagingengine.com
  { id: 'fastmail', name: 'Fastmail', include: 'spf.messagingengine.com', ptrSuffixes: ['messagingengine.com', 'fastmail.com'], bounceDomains: [] },
  // OVHcloud guide "SPF record": include:mx.ovh.com
  { id: 'ovh', name: 'OVHcloud', include: 'mx.ovh.com', ptrSuffixes: ['ovh.net', 'mail.ovh.net'], bounceDomains: [] },
  // GoDaddy help "Add an SPF record": include:secureserver.net
  { id: 'godaddy', name: 'GoDaddy (secureserver.net)', include: 'secureserver.net', ptrSuffixes: ['secureserver.net'], bounceDomains: [] },
  // Mailjet docs "SPF": include:spf.mailjet.com
  { id: 'mailjet', name: 'Mailjet', include: 'spf.mailjet.com', ptrSuffixes: ['mailjet.com'], bounceDomains: ['mailjet.com'] },
  // Constant Contact knowledge base "Self-authenticating": include:spf.constantcontact.com
  { id: 'constant-contact', name: 'Constant Contact', include: 'spf.constantcontact.com', ptrSuffixes: ['constantcontact.com', 'ccsend.com'], bounceDomains: ['constantcontact.com', 'ccsend.com'] },
  // Proton Mail support "SPF record": include:_spf.protonmail.ch
  { id: 'proton', name: 'Proton Mail', include: '_spf.protonmail.ch', ptrSuffixes: ['protonmail.ch', 'proton.ch'], bounceDomains: [] },
  // Apple support "Use a custom email domain with iCloud Mail": include:icloud.com
  { id: 'icloud', name: 'iCloud Mail', include: 'icloud.com', ptrSuffixes: ['icloud.com', 'me.com'], bounceDomains: [] },
  // MailChannels docs "SPF for MailChannels": include:relay.mailchannels.net
  { id: 'mailchannels', name: 'MailChannels', include: 'relay.mailchannels.net', ptrSuffixes: ['mailchannels.net'], bounceDomains: [] },
  // Hostinger help "SPF record": include:_spf.mail.hostinger.com
  { id: 'hostinger', name: 'Hostinger Email', include: '_spf.mail.hostinger.com', ptrSuffixes: ['hostinger.com'], bounceDomains: [] },
  // Namecheap Private Email knowledge base: include:spf.privateemail.com
  { id: 'privateemail', name: 'Namecheap Private Email', include: 'spf.privateemail.com', ptrSuffixes: ['privateemail.com'], bounceDomains: [] },
  // Mimecast knowledge base "SPF for Mimecast": include:_netblocks.mimecast.com (US/global)
  { id: 'mimecast', name: 'Mimecast', include: '_netblocks.mimecast.com', ptrSuffixes: ['mimecast.com'], bounceDomains: [] },
  // Freshdesk support "SPF": include:email.freshdesk.com
  { id: 'freshdesk', name: 'Freshdesk', include: 'email.freshdesk.com', ptrSuffixes: ['freshdesk.com', 'freshemail.io'], bounceDomains: [] },
  // Shopify help "Email authentication": include:shops.shopify.com
  { id: 'shopify', name: 'Shopify', include: 'shops.shopify.com', ptrSuffixes: ['shopify.com'], bounceDomains: ['shopify.com'] },
];

/** Names that relay mail they did not write: forwarders and list servers (PTR suffix → who). */
export const FORWARDERS: readonly { ptrSuffix: string; name: string }[] = [
  { ptrSuffix: 'groups.google.com', name: 'Google Groups' },
  { ptrSuffix: 'lists.sourceforge.net', name: 'SourceForge lists' },
  { ptrSuffix: 'googlegroups.com', name: 'Google Groups' },
];

/** The service whose bounce (Return-Path) domain `domain` is, if any. */
export function serviceByBounceDomain(domain: string): SendingService | undefined {
  return SENDING_SERVICES.find((s) => s.bounceDomains.some((d) => isSubdomainOf(domain, d)));
}

/** The services whose outbound reverse-DNS names cover `ptrName`. */
export function servicesByPtr(ptrName: string): SendingService[] {
  return SENDING_SERVICES.filter((s) => s.ptrSuffixes.some((d) => isSubdomainOf(ptrName, d)));
}
