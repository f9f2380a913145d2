import { describe, expect, it } from 'vitest'
import { createGroupCommit } from './group-commit'

describe('createGroupCommit', () => {
  it('puts items added in the same turn into one commit, each getting its own result', async () => {
    const groups: number[][] = []
    const commits = createGroupCommit<number, number>(
      (items) => {
        groups.push([...items])
        return items.map((item) => item * 10)
      },
      { maxItems: 100, maxInFlight: 1 },
    )
    const results = await Promise.all([1, 2, 3, 4].map((item) => commits.add(item)))
    expect(results).toEqual([10, 20, 30, 40])
    expect(groups).toEqual([[1, 2, 3, 4]])
  })

  it('gathers the items that arrive while a commit is running into the next one', async () => {
    const groups: number[][] = []
    let release: (() => void) | undefined
    const commits = createGroupCommit<number, number>(
      async (items) => {
        groups.push([...items])
        if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve))
        return items
      },
      { maxItems: 100, maxInFlight: 1 },
    )
    const first = commits.add(1)
    await new Promise((resolve) => setImmediate(resolve))
    const later = [2, 3, 4].map((item) => commits.add(item))
    await new Promise((resolve) => setImmediate(resolve))
    expect(groups).toEqual([[1]])
    release?.()
    await Promise.all([first, ...later])
    expect(groups).toEqual([[1], [2, 3, 4]])
  })

  it('splits more than maxItems over several commits', async () => {
    const sizes: number[] = []
    const commits = createGroupCommit<number, number>(
      (items) => {
        sizes.push(items.length)
        return items
      },
      { maxItems: 3, maxInFlight: 1 },
    )
    await Promise.all(Array.from({ length: 7 }, (_, index) => commits.add(index)))
    expect(sizes).toEqual([3, 3, 1])
  })

  it('fails every item of a failed commit, and the next commit still runs', async () => {
    let calls = 0
    const commits = createGroupCommit<string, string>(
      (items) => {
        calls++
        if (calls === 1) throw new Error('disk full')
        return items
      },
      { maxItems: 10, maxInFlight: 1 },
    )
    const failed = [commits.add('a'), commits.add('b')]
    await expect(failed[0]).rejects.toThrow('disk full')
    await expect(failed[1]).rejects.toThrow('disk full')
    await expect(commits.add('c')).resolves.toBe('c')
  })

  it('idle() waits for the commits in progress', async () => {
    let committed = false
    let finishCommit = (): void => undefined
    const commitFinished = new Promise<void>((resolve) => (finishCommit = resolve))
    const commits = createGroupCommit<number, number>(
      async (items) => {
        await commitFinished
        committed = true
        return items
      },
      { maxItems: 10, maxInFlight: 2 },
    )
    void commits.add(1)
    let idle = false
    const waitingForIdle = commits.idle().then(() => (idle = true))
    await Promise.resolve()
    await Promise.resolve()
    expect(idle).toBe(false)
    finishCommit()
    await waitingForIdle
    expect(committed).toBe(true)
  })
})
