// The source manifest.json is written once for both browsers; each build keeps what its browser reads.

/**
 * @param {Record<string, any>} source the parsed top-level manifest.json
 * @param {'chrome' | 'firefox'} target
 * @returns {Record<string, any>} the manifest for that browser's build
 */
export function manifestFor(source, target) {
  const manifest = structuredClone(source);
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
