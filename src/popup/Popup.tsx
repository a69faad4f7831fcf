/**
 * The toolbar popup: the version and whether the background answers, what was seen in the current tab,
 * and a form to check a domain's SPF policy (optionally for an IP) by hand. State lives here, once.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { DomainCheck, TabState } from '../messages';
import { CheckForm, type CheckInput } from './CheckForm';
import { CheckResult } from './CheckResult';
import { send } from './send';

type Status<T> = { kind: 'waiting' } | { kind: 'ok'; value: T } | { kind: 'error'; error: string };

const version = browser.runtime.getManifest().version;

async function currentTabId(): Promise<number | undefined> {
  // tab ids need no "tabs" permission; the popup's own window is the current one
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function Popup() {
  const [background, setBackground] = useState<Status<string>>({ kind: 'waiting' });
  const [tab, setTab] = useState<Status<TabState>>({ kind: 'waiting' });
  const [check, setCheck] = useState<Status<DomainCheck> | null>(null);

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
    setCheck({ kind: 'waiting' });
    const reply = await send({ type: 'check-domain', ...input });
    setCheck(reply.ok ? { kind: 'ok', value: reply.check } : { kind: 'error', error: reply.error });
  };

  return (
    <main class="popup">
      <header class="masthead">
        <img src="/icons/icon-32.png" width={32} height={32} alt="" />
        <h1>Bounce Explainer</h1>
        <span class="version" data-testid="version">v{version}</span>
      </header>

      <section aria-label="Status">
        <p data-testid="background-status" class={`status status-${background.kind}`}>
          {background.kind === 'waiting' && 'Background: asking…'}
          {background.kind === 'ok' && `Background: answering (v${background.value})`}
          {background.kind === 'error' && `Background: not answering (${background.error})`}
        </p>
        <p data-testid="tab-status" class="status">
          {tab.kind === 'waiting' && 'This tab: …'}
          {tab.kind === 'error' && `This tab: unknown (${tab.error})`}
          {tab.kind === 'ok' &&
            (tab.value.bounce
              ? `Bounce seen in this tab: ${tab.value.bounce.headline}`
              : 'No bounce seen in this tab.')}
        </p>
      </section>

      <section aria-labelledby="check-heading">
        <h2 id="check-heading">Check a domain's SPF</h2>
        <CheckForm busy={check?.kind === 'waiting'} onCheck={runCheck} />
        {check?.kind === 'error' && (
          <p role="alert" class="error" data-testid="check-error">
            {check.error}
          </p>
        )}
        {check?.kind === 'ok' && <CheckResult check={check.value} />}
      </section>

      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings: DNS resolver
        </button>
      </footer>
    </main>
  );
}
