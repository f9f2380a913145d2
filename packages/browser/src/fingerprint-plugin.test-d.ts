import type * as V3 from '@fingerprintjs/fingerprintjs-pro'
import type * as V4 from '@fingerprint/agent'
import { describe, it } from 'vitest'
import { fingerprintPlugin } from './fingerprint-plugin'

declare const v3Loading: ReturnType<typeof V3.load>
declare const v4: ReturnType<typeof V4.start>

describe('fingerprintPlugin options types', () => {
  it('takes a loaded agent or a promise of one, of either version', () => {
    fingerprintPlugin({ agent: v3Loading })
    fingerprintPlugin({
      agent: v4,
      timeout: 500,
      forward: ['page'],
      identityProof: async () => 'token',
      onError: (_error, kind) => kind satisfies 'agent-load' | 'identification' | 'timeout' | 'payload',
    })
  })

  it('rejects invalid options at compile time', () => {
    // @ts-expect-error agent is required
    fingerprintPlugin({ timeout: 100 })
    // @ts-expect-error only page and track can be forwarded
    fingerprintPlugin({ agent: v4, forward: ['identify'] })
    // @ts-expect-error identityProof is a string or a function returning one
    fingerprintPlugin({ agent: v4, identityProof: 1 })
    // @ts-expect-error not an agent
    fingerprintPlugin({ agent: { get: () => Promise.resolve('x') } })
  })
})
