/**
 * Test data: a company record that sends through Google Workspace, Microsoft 365, SendGrid and Mailchimp,
 * with those services' records modelled on what they publish (address ranges abridged, structure kept:
 * Google's _spf -> three _netblocks, Microsoft's include of spfd, SendGrid's include of ab). Exactly 10
 * DNS-querying terms in the worst case, the way many real domains sit at the limit.
 */
import type { ZoneData } from '../helpers/zone';

export const PROVIDER_ZONE: ZoneData = {
  '_spf.google.com': [{ TXT: 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all' }],
  '_netblocks.google.com': [{ TXT: 'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 ip4:216.239.32.0/19 ~all' }],
  '_netblocks2.google.com': [{ TXT: 'v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all' }],
  '_netblocks3.google.com': [{ TXT: 'v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 ip4:172.217.160.0/20 ip4:172.217.192.0/19 ip4:172.253.56.0/21 ip4:172.253.112.0/20 ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all' }],
  'spf.protection.outlook.com': [{ TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:52.103.0.0/17 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 ', 'ip6:2a01:111:f403:8000::/51 ip6:2a01:111:f403:c000::/51 ip6:2a01:111:f403:f000::/52 include:spfd.protection.outlook.com -all'] }],
  'spfd.protection.outlook.com': [{ TXT: 'v=spf1 ip4:51.4.72.0/24 ip4:51.5.72.0/24 ip4:51.5.80.0/27 ip4:20.47.149.138/32 ip4:51.4.80.0/27 ip6:2a01:4180:4051:0800::/64 ip6:2a01:4180:4050:0800::/64 ip6:2a01:4180:4051:0400::/64 ip6:2a01:4180:4050:0400::/64 -all' }],
  'sendgrid.net': [{ TXT: 'v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ip4:50.31.32.0/19 ip4:198.37.144.0/20 ip4:198.21.0.0/21 ip4:192.254.112.0/20 ip4:168.245.0.0/17 ip4:149.72.0.0/16 ip4:159.183.0.0/16 include:ab.sendgrid.net ~all' }],
  'ab.sendgrid.net': [{ TXT: 'v=spf1 ip4:223.165.113.0/24 ip4:223.165.115.0/24 ip4:223.165.118.0/23 ip4:223.165.120.0/23 ~all' }],
  'servers.mcsv.net': [{ TXT: 'v=spf1 ip4:205.201.128.0/20 ip4:198.2.128.0/18 ip4:148.105.8.0/21 -all' }],
};

export const COMPANY_ZONE: ZoneData = {
  ...PROVIDER_ZONE,
  'example.com': [
    { TXT: 'v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net include:servers.mcsv.net -all' },
    { MX: [10, 'mx1.example.com'] },
    { MX: [20, 'mx2.example.com'] },
  ],
  'mx1.example.com': [{ A: '192.0.2.25' }],
  'mx2.example.com': [{ A: '192.0.2.26' }],
};

/** Client addresses that end the check at different depths of the tree. */
export const COMPANY_CLIENTS = {
  mx: '192.0.2.26',
  google: '172.217.32.9',
  microsoft: '51.5.80.3',
  mailchimp: '198.2.130.5',
  unlisted: '203.0.113.77',
} as const;
