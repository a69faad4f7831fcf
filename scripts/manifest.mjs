// The source manifest.json is written once for both browsers; each build keeps what its browser reads.
// The webmails are not in it: their origins come from the adapters (src/webmails), the one list of them.

/**
 * Puts the webmail origins where the manifest needs them: the content script's `matches` and, before the
 * source's own (the DoH resolvers), `host_permissions`.
 * @param {Record<string, any>} manifest a copy of the source, changed in place
 * @param {readonly string[]} origins
 */
function addWebmails(manifest, origins) {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new Error('manifestFor: give the webmail origins (WEBMAIL_ORIGINS of src/webmails)');
  }
  for (const origin of origins) {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new Error(`manifestFor: ${JSON.stringify(origin)} is not an origin (scheme and host, no path)`);
    }
  }
  const [script, ...others] = manifest.content_scripts ?? [];
  if (script === undefined || others.length > 0) throw new Error('manifest.json: content_scripts must hold the one content script');
  const patterns = origins.map((origin) => `${origin}/*`);
  const hosts = manifest.host_permissions ?? [];
  if (script.matches !== undefined || patterns.some((pattern) => hosts.includes(pattern))) {
    throw new Error('manifest.json: the webmail origins come from the adapters (src/webmails); list them there only');
  }
  manifest.content_scripts = [{ matches: patterns, ...script }];
  manifest.host_permissions = [...patterns, ...hosts];
}

/**
 * @param {Record<string, any>} source the parsed top-level manifest.json
 * @param {'chrome' | 'firefox'} target
 * @param {readonly string[]} webmailOrigins the adapters' origins (WEBMAIL_ORIGINS of src/webmails)
 * @returns {Record<string, any>} the manifest for that browser's build
 */
export function manifestFor(source, target, webmailOrigins) {
  const manifest = structuredClone(source);
  addWebmails(manifest, webmailOrigins);
  const { service_worker: worker, ...backgroundRest } = manifest.background ?? {};
  if (typeof worker !== 'string') throw new Error('manifest.json: background.service_worker must name the background script');
  if (target === 'chrome') {
    // Chrome runs the service worker and lists `browser_specific_settings` and a `background.scripts`
    // fallback as errors on chrome://extensions ("Unrecognized manifest key", "requires manifest version of
    // 2 or lower"), so its build carries neither.
    delete manifest.browser_specific_settings;
    manifest.background = { service_worker: worker, ...backgroundRest };
  } else if (target === 'firefox') {
    // Firefox runs MV3 backgrounds as event pages (background.scripts), not service workers.
    delete manifest.minimum_chrome_version;
    manifest.background = { scripts: [worker], ...backgroundRest };
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!gecko?.id || !gecko.strict_min_version || !gecko.data_collection_permissions) {
      throw new Error('manifest.json: browser_specific_settings.gecko needs id, strict_min_version and data_collection_permissions');
    }
  } else {
    throw new Error(`unknown target ${target}`);
  }
  return manifest;
}
