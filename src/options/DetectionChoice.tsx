import { WEBMAILS, type WebmailId } from '../settings/settings';

/** Bounce detection on or off per webmail; the content script follows the change without a reload. */
export function DetectionChoice({ detection, onToggle }: { detection: Record<WebmailId, boolean> | null; onToggle: (site: WebmailId, enabled: boolean) => void }) {
  return (
    <fieldset disabled={detection === null}>
      <legend>Bounce detection</legend>
      <p class="hint">Where the extension reads an opened bounce (its text only) to explain it.</p>
      {(Object.keys(WEBMAILS) as WebmailId[]).map((site) => (
        <label key={site} class="choice">
          <input type="checkbox" name={`detect-${site}`} checked={detection?.[site] ?? true} onChange={(event) => onToggle(site, event.currentTarget.checked)} />
          <span>{WEBMAILS[site].label}</span>
        </label>
      ))}
    </fieldset>
  );
}
