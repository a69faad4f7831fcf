import type { ZoneData } from '../helpers/zone';

/**
 * Sending services as they publish their records (modelled on the public records, shortened to a few
 * networks; documentation and test prefixes are used where the real ones are not needed).
 */
export const SERVICES_ZONE: ZoneData = {
  '_spf.google.com': [{ TXT: 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all' }],
  '_netblocks.google.com': [{ TXT: 'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:209.85.128.0/17 ~all' }],
  '_netblocks2.google.com': [{ TXT: 'v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ~all' }],
  '_netblocks3.google.com': [{ TXT: 'v=spf1 ip4:172.217.0.0/19 ip4:108.177.96.0/19 ~all' }],
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip6:2a01:111:f400::/48 -all' }],
  'sendgrid.net': [{ TXT: 'v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ip4:50.31.32.0/19 ~all' }],
  'servers.mcsv.net': [{ TXT: 'v=spf1 ip4:205.201.128.0/20 ip4:198.2.128.0/18 ip4:148.105.8.0/21 ?all' }],
  'amazonses.com': [{ TXT: 'v=spf1 ip4:199.255.192.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 -all' }],
  '5.0.89.167.in-addr.arpa': [{ PTR: 'o1.ptr1234.sendgrid.net' }],
  '41.128.85.209.in-addr.arpa': [{ PTR: 'mail-sor-f41.google.com' }],
};

export function zone(own: ZoneData): ZoneData {
  return { ...SERVICES_ZONE, ...own };
}
