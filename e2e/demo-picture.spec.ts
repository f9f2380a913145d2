// Issue 19: docs/demo.png shows the current demo. The picture's visit is played again on the demo as
// it is now, with the picture's own settings (the demo's defaults, an ordinary desktop browser): its
// live panel must hold the cards the picture was taken with, and the page its look.
import { readFile } from 'node:fs/promises'
import {
  panelCards,
  pictureLook,
  pictureRecordPath,
  takePictureCommand,
  withPictureVisit,
  type PictureRecord,
} from '../scripts/demo-picture'
import { expect, test } from './demo-fixtures'

test('docs/demo.png shows the demo as it is: the same panel after the same visit, the same look', async () => {
  const record = JSON.parse(await readFile(pictureRecordPath, 'utf8')) as PictureRecord
  const stale = `docs/demo.png shows an older demo: take it again with \`${takePictureCommand}\` (after npm run build)`
  expect(await pictureLook(), `${stale}: the page's HTML or stylesheet changed`).toBe(record.look)

  const cards = await withPictureVisit(panelCards)
  expect(cards, `${stale}: the live panel shows other cards`).toEqual(record.panel)
})
