import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readImageStage, unitSettings } from './deploy-files'

describe('readImageStage', () => {
  it("reads the final stage's environment, start command and health check, not the build stage's", () => {
    const stage = readImageStage(
      [
        'FROM node:24 AS build',
        'ENV BUILD_ONLY=1',
        'CMD ["node", "build.js"]',
        'FROM node:24-slim',
        '# a comment',
        'ENV NODE_ENV=production \\',
        '  PORT=8080 \\',
        '  NAME="two words"',
        'WORKDIR /app',
        'STOPSIGNAL SIGTERM',
        'HEALTHCHECK --interval=10s --timeout=3s \\',
        '  CMD ["node", "-e", "check()"]',
        'CMD ["node", "/app/cli.mjs", "serve"]',
      ].join('\n'),
    )
    expect(stage).toEqual({
      env: { NODE_ENV: 'production', PORT: '8080', NAME: 'two words' },
      workdir: '/app',
      cmd: ['node', '/app/cli.mjs', 'serve'],
      healthcheck: ['node', '-e', 'check()'],
      stopSignal: 'SIGTERM',
    })
    expect(readImageStage('FROM x\nCMD node app.js').cmd).toBeUndefined()
  })

  it('reads the repository’s own Dockerfile', () => {
    const stage = readImageStage(readFileSync(new URL('../../deploy/Dockerfile', import.meta.url), 'utf8'))
    expect(stage.cmd?.[0]).toBe('node')
    expect(stage.env.FINGERPRINT_SEGMENT_STORE).toMatch(/^sqlite:\//)
  })
})

describe('unitSettings', () => {
  it("lists a section's settings in order, repeats kept", () => {
    const unit =
      '[Unit]\nDescription=x\n\n[Service]\n# c\nEnvironment=A=1\nEnvironment=B=2\nExecStart=/usr/bin/node a.mjs\n'
    expect(unitSettings(unit, 'Service')).toEqual([
      ['Environment', 'A=1'],
      ['Environment', 'B=2'],
      ['ExecStart', '/usr/bin/node a.mjs'],
    ])
  })
})
