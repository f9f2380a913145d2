import { describe, expect, it } from 'vitest'
import { snippetDestination } from './readme-snippets'

describe('snippetDestination', () => {
  it('puts an HTML snippet in its page, a next/ one in the Next.js app, any other under src/readme/', () => {
    expect(snippetDestination('script-tag.html')).toEqual({ kind: 'page', path: 'script-tag.html' })
    expect(snippetDestination('next/app/analytics.ts')).toEqual({ kind: 'file', path: 'next/app/analytics.ts' })
    expect(snippetDestination('browser-v3/analytics.ts')).toEqual({
      kind: 'file',
      path: 'src/readme/browser-v3/analytics.ts',
    })
  })
})
