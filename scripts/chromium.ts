/**
 * How every browser test here starts Chromium: Debian's `/usr/bin/chromium` (installed by
 * `scripts/ensure-chromium.sh`; Playwright's own browser download cannot work on these machines),
 * with the flags that keep it from reaching the network on its own.
 */
export const chromiumLaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
} as const satisfies { executablePath: string; args: readonly string[] }
