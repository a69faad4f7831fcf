/**
 * The webmail adapters, one file each, registered here: adding a webmail is adding its file and its row in
 * WEBMAIL_ADAPTERS. Everything else follows from this list: the manifests' content_scripts.matches and
 * host_permissions (scripts/build.mjs), the origins the background takes content messages from
 * (messages.ts), the options page's switches and their defaults (src/settings).
 */
import { generic } from './generic';
import { gmail } from './gmail';
import { outlook } from './outlook';
import type { WebmailAdapter } from './types';

export type { WebmailAdapter } from './types';

export const WEBMAIL_ADAPTERS = [gmail, outlook] as const satisfies readonly WebmailAdapter[];

/** One of the webmails the content script is injected into. */
export type Webmail = (typeof WEBMAIL_ADAPTERS)[number];
/** The key of a webmail's switch in settings.detection. */
export type WebmailId = Webmail['detection'];

export const GENERIC_ADAPTER = generic;

/** The adapter a page gets: its webmail's, or the generic one. */
export type PageAdapter = Webmail | typeof GENERIC_ADAPTER;

/**
 * The webmail origins where the content script runs (the manifests' content_scripts.matches, less `/*`).
 * Marked pure so that a bundle that does not read it (the content script) drops it.
 */
export const WEBMAIL_ORIGINS: readonly string[] = /* @__PURE__ */ WEBMAIL_ADAPTERS.flatMap((adapter) => adapter.origins);

/** The adapter for a page origin: its webmail's own, else the generic fallback. */
export function adapterFor(origin: string): PageAdapter {
  return WEBMAIL_ADAPTERS.find((adapter) => (adapter.origins as readonly string[]).includes(origin)) ?? GENERIC_ADAPTER;
}
