import { describe } from 'vitest'
import { describeCallStoreContract } from '../../test/call-store-contract'

// The deliverer's tests run on this store: it must keep the contract the real stores keep.
describe('the in-memory store of the tests', () => {
  describeCallStoreContract('memory')
})
