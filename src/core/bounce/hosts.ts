/** The hosts a notice names: the remote MTA that refused, the reporting MTA that wrote the notice, the receiver family. */
import { isSubdomainOf } from '../dns/name';
import { trimDot } from './addresses';
import { RECEIVERS } from './receivers';

const HOST_NAME = '([A-Za-z0-9][A-Za-z0-9.-]{0,252})';
// the host that refused: Postfix "host mx.example.com[192.0.2.1] said:", sendmail "while talking to mx.example.com.:",
// qmail "mx.example.com [192.0.2.1] did not like"
export const REMOTE_HOST: RegExp[] = [
  new RegExp(`\\bhost ${HOST_NAME} ?\\[`),
  new RegExp(`while talking to ${HOST_NAME}\\.?:`),
  new RegExp(`^${HOST_NAME} \\[[0-9A-Fa-f.:]{2,45}\\] did not like`, 'm'),
];
// the host that wrote the notice, as Postfix, qmail, Exim ("Mail Delivery Agent ... at") and Exchange name it
export const REPORTING_HOST: RegExp[] = [
  new RegExp(`mail system at host ${HOST_NAME}`),
  new RegExp(`Postfix program at host ${HOST_NAME}`),
  new RegExp(`qmail-send program at ${HOST_NAME}`),
  new RegExp(`Mail Agent[^\\n]{0,40}? at ${HOST_NAME}`),
  new RegExp(`Generating server: ${HOST_NAME}`),
];

/** The host the first pattern that matches names, without a final dot. */
export function firstCapture(patterns: RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return trimDot(match[1] as string);
  }
  return null;
}

/** The receiver family (receivers.ts RECEIVERS): by the remote MTA's name, else the wording row's, else a marker in the refusal. */
export function receiverOf(remoteMta: string | null, wordingReceiver: string | null, rejection: string): string | null {
  if (remoteMta !== null) {
    const host = remoteMta.toLowerCase();
    for (const row of RECEIVERS) {
      if (row.hosts.some((suffix) => isSubdomainOf(host, suffix))) return row.id;
    }
  }
  if (wordingReceiver !== null) return wordingReceiver;
  const lower = rejection.toLowerCase();
  for (const row of RECEIVERS) {
    if (row.markers.some((marker) => lower.indexOf(marker) !== -1)) return row.id;
  }
  return null;
}
