import { describe, expect, it } from 'vitest'
import { describeCallStoreContract, testCall } from '../../../test/call-store-contract'
import {
  createTestStoreLocation,
  queryTestPostgres,
  testStoreConnections,
  testStoreEngines,
} from '../../../test/test-stores'
import { openPostgresCallStore } from './postgres-call-store'

const postgres = testStoreEngines.find((engine) => engine.engine === 'postgres')

describe.skipIf(postgres?.skipReason !== undefined)(`the PostgreSQL store: ${postgres?.title ?? ''}`, () => {
  describeCallStoreContract('postgres')

  it('lets two receivers on one database claim disjoint calls, and frees the rows of a claim whose connection died', async () => {
    const url = await createTestStoreLocation('postgres')
    const first = await openPostgresCallStore(url)
    const second = await openPostgresCallStore(url)
    try {
      await first.enqueue(Array.from({ length: 20 }, (_, index) => testCall(`pg${index}`)))
      const held = await first.claim(10)
      const other = await second.claim(50)
      expect(held.calls).toHaveLength(10)
      expect(other.calls).toHaveLength(10)
      expect(new Set([...held.calls, ...other.calls].map((call) => call.messageId)).size).toBe(20)
      await other.settle({ delivered: other.calls.map((call) => call.seq), dead: [] })

      // The first receiver "dies" mid-batch: its connection ends, PostgreSQL rolls its claim back.
      await queryTestPostgres(
        url,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${testStoreConnections(url)} AND state = 'idle in transaction'`,
      )
      const taken = await second.claim(50)
      expect(taken.calls.map((call) => call.messageId).sort()).toEqual(held.calls.map((call) => call.messageId).sort())
      await taken.settle({ delivered: taken.calls.map((call) => call.seq), dead: [] })
      await expect(held.settle({ delivered: held.calls.map((call) => call.seq), dead: [] })).rejects.toMatchObject({
        name: 'StoreUnavailableError',
      })
      expect(await second.stats()).toMatchObject({ queued: 0 })
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('names the server and hides the password when it cannot connect', async () => {
    await expect(openPostgresCallStore('postgres://fs:s3cr3t@127.0.0.1:1/fs')).rejects.toThrow(
      /The PostgreSQL store postgres:\/\/fs:\*\*\*@127\.0\.0\.1:1\/fs could not be opened/,
    )
  })
})
