import type { ZoneData } from '../helpers/zone';

/** DNS for the end-to-end tests, served by the local DoH server at cloudflare-dns.com and dns.google. */
export const SPF_ZONE: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all' }, { TXT: 'google-site-verification=abc' }],
  '_spf.example.net': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 ~all' }],
  'example.org': [{ TXT: 'v=spf1 -all' }],
};
