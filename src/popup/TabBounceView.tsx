import type { TabBounce } from '../messages';
import { NO_IP, NO_IP_POPUP, refusalWithoutIp } from '../core/diagnose/no-ip';
import { DiagnosisView } from './DiagnosisView';

/** What the bounce in the tab names: the refused IP, the domain, the status. */
function Facts({ bounce }: { bounce: TabBounce }) {
  const { facts } = bounce;
  const rows: [string, string | null][] = [
    ['Refused IP', facts.ip],
    ['Domain', facts.domain],
    ['Sender', facts.sender],
    ['Status', facts.status],
    // the returned message as the bounce shows it, so the user can tell whether they sent it
    ['Returned subject', facts.returnedSubject ?? null],
    ['Returned date', facts.returnedDate ?? null],
  ];
  return (
    <dl class="fields" data-testid="bounce-facts">
      {rows
        .filter((row): row is [string, string] => row[1] !== null)
        .map(([label, value]) => (
          <div key={label} class="field-row">
            <dt>{label}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
    </dl>
  );
}

/** The bounce seen in the tab and its diagnosis, or why there is none. */
export function TabBounceView({ bounce }: { bounce: TabBounce }) {
  return (
    <div class="tab-bounce" data-testid="tab-bounce">
      <p class="hint">
        Seen on {new URL(bounce.origin).host}: <q>{bounce.headline}</q>
      </p>
      <Facts bounce={bounce} />
      {refusalWithoutIp(bounce.facts) && (
        <p class="hint" data-testid="tab-no-ip">
          {NO_IP} {NO_IP_POPUP}
        </p>
      )}
      {bounce.status === 'diagnosed' && bounce.diagnosis !== null && <DiagnosisView diagnosis={bounce.diagnosis} />}
      {bounce.status === 'not-auth' && !bounce.facts.authFailure && (
        <p data-testid="tab-not-auth">This bounce is not about sender authentication (SPF, DKIM or DMARC): there is nothing to check.</p>
      )}
      {bounce.status === 'not-auth' && bounce.facts.authFailure && (
        <p data-testid="tab-no-domain">This bounce is a sender-authentication refusal, but it names no domain whose policy could be checked: enter it below.</p>
      )}
      {bounce.status === 'error' && (
        <p class="error" data-testid="tab-error">
          The bounce could not be checked: {bounce.error ?? 'unknown error'}
        </p>
      )}
    </div>
  );
}
