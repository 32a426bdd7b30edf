import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/usr/bin/google-chrome'];

/** Debian's Chromium (or CHROMIUM_PATH), driven by playwright-core; a clear error when none is installed. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => Boolean(p && existsSync(p)));
  if (!executablePath) {
    throw new Error(
      'No Chromium browser found for the dashboard browser tests. Install it with `sudo apt-get install -y chromium` ' +
        '(Debian/Ubuntu; `.ci/run` does this), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
