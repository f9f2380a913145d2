import { describe, expect, it } from 'vitest'
import { atLevel, jsonLinesLogger, type ReceiverLogEntry } from './receiver-log'

describe('the receiver log', () => {
  it('keeps the entries at the level asked and above (LOG_LEVEL)', () => {
    const seen: ReceiverLogEntry[] = []
    const logger = atLevel((entry) => seen.push(entry), 'warn')
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger({ level, event: level })
    expect(seen.map((entry) => entry.event)).toEqual(['warn', 'error'])
  })

  it('writes one JSON object per line, with the time', () => {
    const lines: string[] = []
    jsonLinesLogger({ write: (line) => lines.push(line) })({ level: 'info', event: 'listening', port: 8080 })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: expect.any(String),
      level: 'info',
      event: 'listening',
      port: 8080,
    })
    expect(lines[0]?.endsWith('\n')).toBe(true)
  })
})
