import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeCallStoreContract } from '../../../test/call-store-contract'
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
