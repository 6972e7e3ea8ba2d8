import { mkdirSync } from 'fs';
import { resolve } from 'path';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium; CI installs the `chromium` package (see .ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where browser tests keep their screenshots (ignored by git, kept by CI as artifacts). */
export const ARTIFACTS_DIR = resolve(__dirname, '../../../test-artifacts');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no network besides loopback: keep Chromium from calling home.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
