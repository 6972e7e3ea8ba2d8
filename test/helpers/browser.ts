import { mkdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { Browser, chromium } from 'playwright-core';
import type { BalieService } from '../../app/service';
import { startTestService, tempDir } from './fixtures';

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

export interface ServiceInChromium {
  service: BalieService;
  base: string;
  browser: Browser;
}

/**
 * A browser suite's service (on a data directory of its own) and Chromium: started before
 * the suite's tests, stopped after them. Read the fields inside the tests.
 */
export function useServiceInChromium(env: Record<string, string>): ServiceInChromium {
  const fixture = {} as ServiceInChromium;
  let dir: ReturnType<typeof tempDir> | undefined;
  before(async () => {
    dir = tempDir();
    ({ service: fixture.service, base: fixture.base } = await startTestService(dir.path, env));
    fixture.browser = await launchChromium();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.service?.close();
    dir?.cleanup();
  });
  return fixture;
}

/** What axe-core finds on the page as it is now, only the serious and critical findings (WCAG 2.1 A/AA rules and best practices). */
export async function seriousAccessibilityFindings(page: import('playwright-core').Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy does not stop it.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3) }));
  });
  return violations
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; impact: string; help: string; targets: string[] }) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}
