/**
 * The toolbar popup: the bounce seen in the current tab and its diagnosis, and a form to check any domain's
 * SPF policy (optionally for an IP) by hand. State lives here, once; the parts below only render it.
 * Opened as `popup.html?tab=<id>` (a small window the background opens where action.openPopup is not
 * available), it shows that tab instead of the window's active one.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { DomainCheck, TabState } from '../messages';
import { VerifyMessage } from './VerifyMessage';
import { CheckForm, type CheckInput } from './CheckForm';
import { CheckResult } from './CheckResult';
import { send } from '../runtime/send';
import { TabBounceView } from './TabBounceView';
import { checkPrefill, tabFromQuery } from './view';

type Status<T> = { kind: 'waiting' } | { kind: 'ok'; value: T } | { kind: 'error'; error: string };

const version = browser.runtime.getManifest().version;

async function currentTabId(): Promise<number | undefined> {
  const fromQuery = tabFromQuery(location.search);
  if (fromQuery !== undefined) return fromQuery;
  // tab ids need no "tabs" permission; the popup's own window is the current one
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function TabStatus({ tab }: { tab: Status<TabState> }) {
  return (
    <>
      <p data-testid="tab-status" class="status" role="status">
        {tab.kind === 'waiting' && 'Looking at this tab…'}
        {tab.kind === 'error' && `This tab: unknown (${tab.error})`}
        {tab.kind === 'ok' && (tab.value.bounce ? `Bounce seen in this tab: ${tab.value.bounce.headline}` : 'No bounce seen in this tab.')}
      </p>
      {tab.kind === 'ok' && tab.value.bounce && <TabBounceView bounce={tab.value.bounce} />}
    </>
  );
}

export function Popup() {
  const [background, setBackground] = useState<Status<string>>({ kind: 'waiting' });
  const [tab, setTab] = useState<Status<TabState>>({ kind: 'waiting' });
  const [check, setCheck] = useState<(Status<DomainCheck> & { domain: string }) | null>(null);

  useEffect(() => {
    void send({ type: 'ping' }).then((reply) =>
      setBackground(reply.ok ? { kind: 'ok', value: reply.version } : { kind: 'error', error: reply.error }),
    );
    void currentTabId().then(async (tabId) => {
      const reply = await send(tabId === undefined ? { type: 'get-tab-state' } : { type: 'get-tab-state', tabId });
      setTab(reply.ok ? { kind: 'ok', value: reply.state } : { kind: 'error', error: reply.error });
    });
  }, []);

  const runCheck = async (input: CheckInput): Promise<void> => {
    setCheck({ kind: 'waiting', domain: input.domain });
    const reply = await send({ type: 'check-domain', ...input });
    setCheck(reply.ok ? { kind: 'ok', value: reply.check, domain: input.domain } : { kind: 'error', error: reply.error, domain: input.domain });
  };

  const hasBounce = tab.kind === 'ok' && tab.value.bounce !== null;
  // a refusal that names no IP: the form starts with what the bounce does name (remounted when it arrives)
  const prefill = tab.kind === 'ok' ? checkPrefill(tab.value.bounce?.facts) : null;
  return (
    <main class="popup">
      <header class="masthead">
        <img src="/icons/icon-32.png" width={32} height={32} alt="" />
        <h1>Bounce Explainer</h1>
        <span class="version" data-testid="version">
          v{version}
        </span>
      </header>

      <section aria-labelledby="tab-heading" class={hasBounce ? 'tab-section has-bounce' : 'tab-section'}>
        <h2 id="tab-heading">This tab</h2>
        <TabStatus tab={tab} />
      </section>

      <section aria-labelledby="check-heading">
        <h2 id="check-heading">Check a domain's SPF</h2>
        <CheckForm key={prefill === null ? 'empty' : `${prefill.domain} ${prefill.sender}`} busy={check?.kind === 'waiting'} onCheck={runCheck} initial={prefill} />
        <div aria-live="polite" class="check-outcome">
          {check?.kind === 'waiting' && (
            <p class="status" data-testid="check-loading">
              Checking {check.domain}: looking up its SPF record over DNS-over-HTTPS…
            </p>
          )}
          {check?.kind === 'error' && (
            <p class="error" data-testid="check-error">
              {check.error}
            </p>
          )}
        </div>
        {check?.kind === 'ok' && <CheckResult check={check.value} />}
      </section>

      <section aria-labelledby="verify-heading">
        <h2 id="verify-heading">Verify a message's DKIM signatures</h2>
        <VerifyMessage />
      </section>

      <footer>
        <p data-testid="background-status" class={`status status-${background.kind}`}>
          {background.kind === 'waiting' && 'Background: asking…'}
          {background.kind === 'ok' && `Background: answering (v${background.value})`}
          {background.kind === 'error' && `Background: not answering (${background.error})`}
        </p>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings: resolver and detection
        </button>
      </footer>
    </main>
  );
}
