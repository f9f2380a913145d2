import { fileURLToPath } from 'node:url'

/**
 * `server-api-preload.mjs`, for `node --import <path>` in a child process of the tests: its fetch
 * sends Fingerprint's Server API hosts to the stand-in whose `origin` is in `SERVER_API_STAND_IN`.
 */
export const serverApiPreloadPath = fileURLToPath(new URL('./server-api-preload.mjs', import.meta.url))
