import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './scripts/chromium'

/** The demo stack the tests start (and stop) themselves, on a port of their own. */
const port = Number(process.env.E2E_PORT ?? 3417)

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    // Debian's Chromium (scripts/ensure-chromium.sh): Playwright's own browser download is not available here.
    launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node_modules/.bin/tsx --conditions=@fingerprint-segment/source demo/src/server/main.ts',
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Signatures and identity proofs ON (the demo's defaults, set explicitly); the function's calls are
    // also forwarded with analytics-node to the demo's own tracking stand-in, to test that path too.
    env: {
      PORT: String(port),
      FINGERPRINT_WEBHOOK_SECRET: 'e2e-webhook-secret',
      FINGERPRINT_IDENTITY_SECRET: 'e2e-identity-secret',
      SEGMENT_WRITE_KEY: 'e2e-server-write-key',
      SEGMENT_HOST: `http://127.0.0.1:${port}/segment`,
    },
  },
})
