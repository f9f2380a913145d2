import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeCallStoreContract, testCall } from '../../../test/call-store-contract'
import { createTestStoreLocation } from '../../../test/test-stores'
import { openSqliteCallStore } from './sqlite-call-store'

describe('the SQLite store', () => {
  describeCallStoreContract('sqlite')

  it('names the file and the reason when it cannot open it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fingerprint-segment-bad-'))
    try {
      const notADatabase = join(dir, 'not-a-db')
      writeFileSync(notADatabase, 'plain text, not an SQLite file'.repeat(100))
      await expect(openSqliteCallStore(notADatabase)).rejects.toThrow(/The SQLite store .*not-a-db cannot be opened/)
      await expect(openSqliteCallStore(join(dir, 'missing', 'queue.db'))).rejects.toThrow(/cannot be opened/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the SQLite store opened by a receiver', () => {
  it('keeps a second receiver off the file, not the commands beside it; the lock goes with the first', async () => {
    const location = await createTestStoreLocation('sqlite')
    const path = location.slice('sqlite:'.length)
    const first = await openSqliteCallStore(path, { exclusive: true })
    try {
      await expect(openSqliteCallStore(path, { exclusive: true })).rejects.toMatchObject({
        name: 'StoreLockedError',
        message: expect.stringMatching(/^Another receiver is running on the SQLite store/),
      })
      const beside = await openSqliteCallStore(path)
      await beside.close()
    } finally {
      await first.close()
    }
    const next = await openSqliteCallStore(path, { exclusive: true })
    await next.close()
  })

  it('refuses a file with a damaged page, naming it and the commands to inspect and recover it', async () => {
    const location = await createTestStoreLocation('sqlite')
    const path = location.slice('sqlite:'.length)
    const store = await openSqliteCallStore(path)
    await store.enqueue(Array.from({ length: 200 }, (_, index) => testCall(`page${index}`, 'identify', 500)))
    await store.close()
    const pageSize = 4096
    const pages = statSync(path).size / pageSize
    expect(pages).toBeGreaterThan(4)
    // One page in the middle of the calls table overwritten, as a bad sector or a stray write does.
    const file = openSync(path, 'r+')
    writeSync(file, Buffer.alloc(pageSize, 0x5a), 0, pageSize, Math.floor(pages / 2) * pageSize)
    closeSync(file)
    await expect(openSqliteCallStore(path, { exclusive: true })).rejects.toMatchObject({
      name: 'StoreCorruptError',
      message: expect.stringMatching(
        /^The SQLite store .*queue\.db cannot be opened: it is damaged \(.+\)\. .*Inspect it with: sqlite3 '.*queue\.db' 'PRAGMA integrity_check'\. .*\.recover/,
      ),
    })
  })
})
