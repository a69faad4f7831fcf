/**
 * Zones for bench/authentication.bench.ts: a shop whose mail goes through SendGrid and Google Workspace, with
 * a DMARC record, one DKIM key published (a 2048-bit RSA public key made once for the bench) and one missing
 * behind SendGrid's CNAME; a co.uk brand signed by a neighbour; a domain without DMARC.
 */
import type { ZoneData } from '../test/helpers/zone';
import { zone } from '../test/diagnose/zones';

const KEY = 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq5G34hfFe5LJIH5UZqQR8RRC1qHVfXCLTWrgPg/4op8+hlfm9qIM9F/wFUd/IAZeUSadRwUNlh3SzAHNmoeMceTgUWWJZ6YGs3/GMvMdbCZgGYcPNOpeGA+nCaThIGYGb7cPVYRg5ea3bQDf5OmLkUHqXx022HCXZ753s0KvgnOT3uSuwUoBnLy0W6k9mVfP8Nk+VzZoYJpIYZddZaIXZ9GWsWhN2VVrEbxRAiXgblxJthNHNcLbHheEyZOqPan8Nc2KmOmQOE0Nu+3BILAhJWNmE1fZbIohIaW/lPhtwzXRvrbMmoaygaFEUcrlhmaNI2TC3cLhbyUFusGr8WI1oQIDAQAB';
const strings = (text: string): string[] => text.match(/.{1,255}/g) ?? [];

export const AUTH_ZONE: ZoneData = zone({
  'shop.example': [{ TXT: 'v=spf1 mx include:_spf.google.com -all' }, { MX: [10, 'mail.shop.example'] }],
  'mail.shop.example': [{ A: '192.0.2.10' }],
  '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject; rua=mailto:d@shop.example' }],
  's1._domainkey.shop.example': [{ CNAME: 's1.domainkey.u1234.wl.sendgrid.net' }],
  'google._domainkey.shop.example': [{ TXT: strings(KEY) }],
  '_dmarc.brand.co.uk': [{ TXT: 'v=DMARC1; p=reject' }],
  'brand.co.uk': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
  'mail.brand.co.uk': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
  's2048._domainkey.other.co.uk': [{ TXT: strings(KEY) }],
  'nodmarc.example': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
  'selector1._domainkey.nodmarc.example': [{ CNAME: 'selector1-nodmarc-example._domainkey.contoso.onmicrosoft.com' }],
});
