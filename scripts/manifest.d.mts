/** Types for manifest.mjs (plain JavaScript, run by Node from build.mjs). */
export function manifestFor(source: Record<string, unknown>, target: 'chrome' | 'firefox', webmailOrigins: readonly string[]): Record<string, unknown>;
