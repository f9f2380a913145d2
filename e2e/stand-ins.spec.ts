// The stand-ins answer like the clouds they replace: Segment's tracking API takes a cross-origin
// text/plain event after a CORS preflight (as Analytics.js sends them to api.segment.io), and
// Fingerprint's serves the v4 agent as a JavaScript module.
import { expect, test } from './demo-fixtures'

test('the tracking stand-in accepts a cross-origin Analytics.js-style event after a CORS preflight', async ({
  page,
  baseURL,
}) => {
  const otherOrigin = (baseURL ?? '').replace('localhost', '127.0.0.1')
  await page.goto('/')
  const messageId = `cors-${Date.now()}`
  const status = await page.evaluate(
    async ({ url, messageId }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Authorization: `Basic ${btoa('demo-browser-write-key:')}` },
        body: JSON.stringify({ type: 'track', event: 'Cross Origin Check', anonymousId: 'cors-check', messageId }),
      })
      return response.status
    },
    { url: `${otherOrigin}/segment/v1/t`, messageId },
  )
  // Authorization and a cross-origin POST: Chromium sent a preflight first, or the fetch would have failed.
  expect(status).toBe(200)
  const response = await page.request.fetch(`${otherOrigin}/segment/v1/t`, {
    method: 'OPTIONS',
    headers: {
      Origin: baseURL ?? '',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  })
  expect(response.status()).toBe(204)
  expect(response.headers()['access-control-allow-origin']).toBe(baseURL)
  expect(response.headers()['access-control-allow-headers']).toMatch(/Authorization/i)
  const state = await page.request.get('/api/state?all')
  expect(JSON.stringify(await state.json())).toContain(messageId)
})

test('the Fingerprint stand-in serves the v4 agent as a JavaScript module and the v3 agent script', async ({
  request,
}) => {
  const v4 = await request.get('/fp/web/v4/demo-public-key?ci=jsl/4.1.5')
  expect(v4.headers()['content-type']).toContain('text/javascript')
  expect(await v4.text()).toContain('export function start')
  const v3 = await request.get('/fp/agent/v3/demo-public-key/loader_v3.12.15.js')
  expect(await v3.text()).toContain('window.__fpjs_p_l_b')
})
