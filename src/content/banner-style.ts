/**
 * The banner's look, inside its shadow root so neither the webmail's CSS nor ours leaks across. Compact,
 * in the webmails' own type and spacing; light and dark follow prefers-color-scheme. Colours are chosen for
 * WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for borders and the focus ring) on both backgrounds.
 */
export const BANNER_CSS = `
:host { all: initial; display: block; margin: 8px 0 12px; max-width: 760px; }
.banner {
  --bg: #fdf3f2; --fg: #1f1f1f; --muted: #444746; --accent: #b3261e; --line: #e6c6c3;
  --button-fg: #0b57d0; --button-border: #747775; --primary-bg: #0b57d0; --primary-fg: #ffffff; --code-bg: #ffffff;
  --focus: #0b57d0;
  box-sizing: border-box; position: relative; padding: 10px 40px 10px 14px;
  border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 8px;
  background: var(--bg); color: var(--fg);
  font: 14px/1.45 "Google Sans Text", "Google Sans", Roboto, "Segoe UI", system-ui, -apple-system, Arial, sans-serif;
}
.banner.ok { --bg: #f0f7f1; --accent: #1e7b34; --line: #bfdcc6; }
.banner.pending, .banner.error { --bg: #f6f8fc; --accent: #5e5e5e; --line: #d3d9e3; }
@media (prefers-color-scheme: dark) {
  .banner {
    --bg: #2b1f1e; --fg: #e8eaed; --muted: #c4c7c5; --accent: #f2b8b5; --line: #5c3f3c;
    --button-fg: #a8c7fa; --button-border: #8e918f; --primary-bg: #a8c7fa; --primary-fg: #062e6f; --code-bg: #1f1f1f;
    --focus: #a8c7fa;
  }
  .banner.ok { --bg: #1d2b20; --accent: #8fd19e; --line: #3a5a41; }
  .banner.pending, .banner.error { --bg: #24262b; --accent: #bdc1c6; --line: #444a53; }
}
p { margin: 0; }
p + p, p + .fix, .fix + .actions, p + .actions { margin-top: 6px; }
.verdict { font-weight: 600; }
.title { font-weight: 500; }
.summary, .hint { color: var(--muted); }
.fix { margin-top: 6px; }
.fix-label { color: var(--muted); font-size: 13px; }
.question { font-weight: 500; }
.answers { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 6px; }
.fix > p + p, .question + .refusal { margin-top: 6px; }
.returned { color: var(--muted); overflow-wrap: anywhere; }
.refusal:focus { outline: none; }
code, .record {
  font: 13px/1.4 ui-monospace, "Roboto Mono", Consolas, Menlo, monospace;
}
.record {
  display: block; margin-top: 4px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--code-bg); color: var(--fg); white-space: pre-wrap; word-break: break-all; user-select: all;
}
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
button {
  font: 500 13px/1 inherit; font-family: inherit; cursor: pointer; border-radius: 16px; padding: 7px 14px;
  border: 1px solid var(--button-border); background: transparent; color: var(--button-fg);
}
button.primary { background: var(--primary-bg); border-color: var(--primary-bg); color: var(--primary-fg); }
button:hover { filter: brightness(0.96); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
button.close {
  position: absolute; top: 6px; right: 6px; width: 28px; height: 28px; padding: 0; border: none; border-radius: 50%;
  color: var(--muted); font-size: 20px; line-height: 28px;
}
.spinner {
  display: inline-block; width: 12px; height: 12px; margin-right: 8px; vertical-align: -1px;
  border: 2px solid var(--line); border-top-color: var(--accent); border-radius: 50%; animation: spin 0.9s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
`;
