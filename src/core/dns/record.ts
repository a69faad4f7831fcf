import type { DnsRecord } from './types';

/** A record's content without its TTL, for comparing answers. */
export function recordText(record: DnsRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.address;
    case 'MX':
      return `${record.preference} ${record.exchange}`;
    case 'TXT':
    case 'SPF':
      return record.text;
    case 'PTR':
    case 'CNAME':
      return record.target;
    case 'SOA':
      return `${record.mname} ${record.minimum}`;
  }
}
