/**
 * Takes `docs/demo.png` (`npm run screenshot`, after `npm run build`): starts the demo on a free port,
 * plays the picture's visit in Debian's Chromium (`demo-picture.ts`), captures the page with its live
 * panel, and writes `docs/demo.png.json`, what the picture shows, which `e2e/demo-picture.spec.ts`
 * compares with the current demo.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import {
  panelCards,
  pictureLook,
  picturePath,
  pictureRecordPath,
  takePictureCommand,
  withPictureVisit,
  type PictureRecord,
} from './demo-picture'

await withPictureVisit(async (page) => {
  await mkdir(new URL('.', picturePath), { recursive: true })
  // The viewport, as a visitor sees it: the panel sticks beside the page.
  await page.screenshot({ path: picturePath.pathname, animations: 'disabled' })
  const record: PictureRecord = {
    takenWith: takePictureCommand,
    look: await pictureLook(),
    panel: await panelCards(page),
  }
  await writeFile(pictureRecordPath, `${JSON.stringify(record, null, 2)}\n`)
})
console.log(`Wrote ${picturePath.pathname} and ${pictureRecordPath.pathname}`)
