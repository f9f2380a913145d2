/**
 * Takes `docs/demo.png` (`npm run screenshot`, after `npm run build`): starts the demo on a free port,
 * plays the picture's visit in Debian's Chromium (`demo-picture.ts`), captures the page with its live
 * panel, and writes `docs/demo.png.json`, what the picture shows, which `e2e/demo-picture.spec.ts`
 * compares with the current demo.
 */
import { chromiumLaunchOptions } from './chromium'
import { mkdir, writeFile } from 'node:fs/promises'
import { chromium } from '@playwright/test'
import { readDemoConfig } from '../demo/src/server/demo-config'
import { startDemoServer } from '../demo/src/server/demo-server'
import {
  noAutomationFlag,
  panelCards,
  pictureContext,
  pictureLook,
  picturePath,
  pictureRecordPath,
  playPictureVisit,
  takePictureCommand,
  type PictureRecord,
} from './demo-picture'

const demo = await startDemoServer({ ...readDemoConfig({}), port: 0 })
const browser = await chromium.launch({
  ...chromiumLaunchOptions,
  args: [...chromiumLaunchOptions.args, noAutomationFlag],
})
try {
  const page = await browser.newPage(pictureContext)
  await page.goto(demo.url)
  await playPictureVisit(page)

  await mkdir(new URL('.', picturePath), { recursive: true })
  // The viewport, as a visitor sees it: the panel sticks beside the page.
  await page.screenshot({ path: picturePath.pathname, animations: 'disabled' })
  const record: PictureRecord = {
    takenWith: takePictureCommand,
    look: await pictureLook(),
    panel: await panelCards(page),
  }
  await writeFile(pictureRecordPath, `${JSON.stringify(record, null, 2)}\n`)
  console.log(`Wrote ${picturePath.pathname} and ${pictureRecordPath.pathname}`)
} finally {
  await browser.close()
  await demo.close()
}
