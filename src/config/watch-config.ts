// Watches the config folder and reloads on change. Editors often save by writing a temp file and
// renaming it over the original, so the folder (not each file) is watched and events are
// debounced. A config that fails to load is reported and the running one kept.
import { watch, type FSWatcher } from 'node:fs';
import { CONFIG_FILES, loadConfig } from './load-config.js';
import type { GatewayConfig } from './types.js';

export const RELOAD_DEBOUNCE_MS = 250;

export interface ConfigWatcher {
  close(): void;
}

/** Calls `onConfig` with each new valid config, `onError` with each failed reload. */
export function watchConfig(
  configDir: string,
  dataDir: string,
  onConfig: (config: GatewayConfig) => void,
  onError: (err: unknown) => void,
): ConfigWatcher {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    let config: GatewayConfig;
    try {
      config = loadConfig(configDir, dataDir);
    } catch (err) {
      onError(err);
      return;
    }
    onConfig(config);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(configDir, { persistent: false }, (_event, file) => {
      if (file && !(CONFIG_FILES as readonly string[]).includes(String(file))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, RELOAD_DEBOUNCE_MS);
      timer.unref();
    });
    watcher.on('error', onError);
  } catch (err) {
    onError(err);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
