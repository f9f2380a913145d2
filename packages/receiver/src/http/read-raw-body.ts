import type { IncomingMessage } from 'node:http'
import { systemTimekeeping, type ScheduledTask, type Timekeeping } from '../lib/clock'

/** The body was over the receiver's limit; answered with 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
  constructor(readonly limitBytes: number) {
    super(`The webhook body is over ${limitBytes / 1024} KiB, the most the receiver accepts.`)
  }
}

/** The body did not arrive in time (a stalled or very slow client); answered with 408. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError'
  constructor(readonly timeoutMs: number) {
    super(`The webhook body did not arrive within ${timeoutMs} ms.`)
  }
}

/** What body parsers in front of the handler may have left on the request (Express `raw()`/`text()`). */
interface ParsedBodyRequest extends IncomingMessage {
  body?: unknown
}

/**
 * Reads the raw request body as UTF-8 text, refusing more than `limitBytes` (declared by
 * `Content-Length` or actually sent). A body already read by `express.raw()` / `express.text()` is
 * used as it is; a body already parsed into an object cannot be signature-checked and is refused.
 *
 * Reading stops at `deadline` (on the receiver's clock, `time`), so a stalled client cannot hold
 * the webhook, and a graceful shutdown waiting for it, open.
 *
 * @throws BodyTooLargeError over the limit.
 * @throws BodyTimeoutError when the body is still incomplete at `deadline`.
 * @throws Error when a JSON body parser consumed the body before the handler.
 */
export async function readRawBody(
  request: IncomingMessage,
  limitBytes: number,
  deadline = Number.POSITIVE_INFINITY,
  time: Timekeeping = systemTimekeeping,
): Promise<string> {
  const preParsed = (request as ParsedBodyRequest).body
  if (typeof preParsed === 'string' || Buffer.isBuffer(preParsed)) {
    const bytes = typeof preParsed === 'string' ? Buffer.byteLength(preParsed) : preParsed.length
    if (bytes > limitBytes) throw new BodyTooLargeError(limitBytes)
    return typeof preParsed === 'string' ? preParsed : preParsed.toString('utf8')
  }
  if (request.readableEnded) {
    throw new Error(
      'The request body was already consumed (a JSON body parser before the handler?); mount the handler without one, or with a raw/text parser.',
    )
  }
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes)

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const waitMs = Math.max(0, deadline - time.clock.now())
    const timer: ScheduledTask | undefined = Number.isFinite(deadline)
      ? time.scheduler.schedule(waitMs, () => {
          detach()
          // Discard whatever still arrives; the answer closes the connection.
          request.resume()
          reject(new BodyTimeoutError(Math.round(waitMs)))
        })
      : undefined
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      received += buffer.length
      if (received > limitBytes) {
        detach()
        // Keep draining (and discarding) so the 413 can still be written; the answer closes the connection.
        request.resume()
        reject(new BodyTooLargeError(limitBytes))
        return
      }
      chunks.push(buffer)
    }
    const onEnd = (): void => {
      detach()
      resolve(Buffer.concat(chunks, received).toString('utf8'))
    }
    const onError = (error: Error): void => {
      detach()
      reject(error)
    }
    const detach = (): void => {
      timer?.cancel()
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
  })
}
