/**
 * SPF trees for the benchmark, one per kind of sender: a domain on Google Workspace, on Microsoft 365, on
 * SendGrid, on Mailchimp, on Amazon SES, the company that uses four of them plus its MX, and a domain that
 * redirects to a shared record one level deeper. The providers' records are those of
 * test/spf/provider-zones.ts (modelled on what they publish) plus Amazon SES's amazonses.com record
 * (address ranges as published, no nested include). Documentation names (RFC 2606) for the customers.
 */
import type { ZoneData } from '../test/helpers/zone';
import { COMPANY_CLIENTS, COMPANY_ZONE } from '../test/spf/provider-zones';

export const BENCH_ZONE: ZoneData = {
  ...COMPANY_ZONE,
  'amazonses.com': [
    {
      TXT: 'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 ip4:23.249.208.0/20 ip4:23.251.224.0/19 ip4:76.223.176.0/20 ip4:54.240.64.0/19 ip4:54.240.96.0/19 ip4:76.223.128.0/19 ip4:216.221.160.0/19 ip4:206.55.144.0/20 -all',
    },
  ],
  'workspace.example': [{ TXT: 'v=spf1 include:_spf.google.com ~all' }],
  'm365.example': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
  'sendgrid.example': [{ TXT: 'v=spf1 include:sendgrid.net ~all' }],
  'mailchimp.example': [{ TXT: 'v=spf1 include:servers.mcsv.net ~all' }],
  'ses.example': [{ TXT: 'v=spf1 include:amazonses.com ~all' }],
  // a record kept at a shared name and reached by redirect: one level deeper than the company's
  'nested.example': [{ TXT: 'v=spf1 a:mail.nested.example redirect=_spf.nested.example' }],
  '_spf.nested.example': [{ TXT: 'v=spf1 include:_spf.google.com include:amazonses.com include:spf.protection.outlook.com -all' }],
  'mail.nested.example': [{ A: '192.0.2.40' }],
};

export interface BenchCase {
  /** the tree: which sender's policy */
  tree: string;
  domain: string;
  /** who the client is: the provider whose range holds it (the last one the tree reaches), or unlisted */
  client: string;
  ip: string;
}

const UNLISTED = COMPANY_CLIENTS.unlisted;

export const BENCH_CASES: readonly BenchCase[] = [
  { tree: 'Google Workspace', domain: 'workspace.example', client: '_netblocks3', ip: COMPANY_CLIENTS.google },
  { tree: 'Google Workspace', domain: 'workspace.example', client: 'unlisted', ip: UNLISTED },
  { tree: 'Microsoft 365', domain: 'm365.example', client: 'spfd', ip: COMPANY_CLIENTS.microsoft },
  { tree: 'Microsoft 365', domain: 'm365.example', client: 'unlisted', ip: UNLISTED },
  { tree: 'SendGrid', domain: 'sendgrid.example', client: 'ab.sendgrid', ip: '223.165.115.9' },
  { tree: 'SendGrid', domain: 'sendgrid.example', client: 'unlisted', ip: UNLISTED },
  { tree: 'Mailchimp', domain: 'mailchimp.example', client: 'mcsv', ip: COMPANY_CLIENTS.mailchimp },
  { tree: 'Mailchimp', domain: 'mailchimp.example', client: 'unlisted', ip: UNLISTED },
  { tree: 'Amazon SES', domain: 'ses.example', client: 'amazonses', ip: '54.240.100.7' },
  { tree: 'Amazon SES', domain: 'ses.example', client: 'unlisted', ip: UNLISTED },
  { tree: 'company (mx + 4 providers)', domain: 'example.com', client: 'mx', ip: COMPANY_CLIENTS.mx },
  { tree: 'company (mx + 4 providers)', domain: 'example.com', client: 'spfd', ip: COMPANY_CLIENTS.microsoft },
  { tree: 'company (mx + 4 providers)', domain: 'example.com', client: 'mcsv', ip: COMPANY_CLIENTS.mailchimp },
  { tree: 'company (mx + 4 providers)', domain: 'example.com', client: 'unlisted', ip: UNLISTED },
  { tree: 'redirect to shared record', domain: 'nested.example', client: 'spfd', ip: COMPANY_CLIENTS.microsoft },
  { tree: 'redirect to shared record', domain: 'nested.example', client: 'unlisted', ip: UNLISTED },
];
