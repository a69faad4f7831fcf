/**
 * The webmail adapters, one file each. Adding a webmail is adding a file and a row here (and its origin to
 * manifest.json and WEBMAIL_ORIGINS in messages.ts).
 */
import { generic } from './generic';
import { gmail } from './gmail';
import { outlook } from './outlook';
import type { WebmailAdapter } from './types';

export type { WebmailAdapter } from './types';

export const WEBMAIL_ADAPTERS: readonly WebmailAdapter[] = [gmail, outlook];

export const GENERIC_ADAPTER: WebmailAdapter = generic;

/** The adapter for a page origin: its webmail's own, else the generic fallback. */
export function adapterFor(origin: string): WebmailAdapter {
  return WEBMAIL_ADAPTERS.find((adapter) => adapter.origins.includes(origin)) ?? GENERIC_ADAPTER;
}
