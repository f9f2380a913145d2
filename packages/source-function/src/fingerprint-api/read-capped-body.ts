/**
 * A response body as `fetch` implementations give it: a web stream or a Node stream. Both are
 * async-iterable at run time (the DOM types do not say so for web streams), which is checked.
 */
export type ResponseBody = object

type ChunkStream = AsyncIterable<Uint8Array | string>

function isChunkStream(body: ResponseBody | null | undefined): body is ChunkStream {
  return body !== null && body !== undefined && Symbol.asyncIterator in body
}

/** A body over the cap: nothing past the cap was read. */
export class BodyOverCapError extends Error {
  override readonly name = 'BodyOverCapError'
  constructor(readonly capBytes: number) {
    super(`over ${capBytes} bytes`)
  }
}

/**
 * Reads a response's text, at most `capBytes` bytes of it. A `Content-Length` over the cap is
 * refused before reading; a streamed body is read chunk by chunk and dropped (the stream is
 * cancelled) as soon as it passes the cap, so a huge answer costs no more than the cap. Without a
 * stream, `text()` is all there is, and its length is checked after.
 *
 * @throws BodyOverCapError when the body is bigger than `capBytes`
 */
export async function readCappedText(
  response: {
    text(): Promise<string>
    body?: ResponseBody | null | undefined
    headers?: { get(name: string): string | null } | undefined
  },
  capBytes: number,
): Promise<string> {
  const declared = Number(response.headers?.get('content-length') ?? Number.NaN)
  const body = response.body
  if (declared > capBytes) {
    if (isChunkStream(body)) await cancel(body)
    throw new BodyOverCapError(capBytes)
  }
  if (!isChunkStream(body)) {
    const text = await response.text()
    if (text.length > capBytes) throw new BodyOverCapError(capBytes)
    return text
  }
  const chunks: Uint8Array[] = []
  let total = 0
  let text = ''
  for await (const chunk of body) {
    if (typeof chunk === 'string') text += chunk
    else chunks.push(chunk)
    total += typeof chunk === 'string' ? chunk.length : chunk.byteLength
    // Leaving the loop returns the iterator, which cancels a web stream and destroys a Node one.
    if (total > capBytes) throw new BodyOverCapError(capBytes)
  }
  return chunks.length === 0 ? text : text + decodeUtf8(chunks, total)
}

async function cancel(body: ChunkStream): Promise<void> {
  const iterator = body[Symbol.asyncIterator]()
  await iterator.return?.()
}

/** UTF-8 bytes as text, with whichever decoder the runtime has (Segment's lists `Buffer`, Node has both). */
function decodeUtf8(chunks: readonly Uint8Array[], total: number): string {
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  const runtime = globalThis as {
    TextDecoder?: new () => { decode(bytes: Uint8Array): string }
    Buffer?: { from(bytes: Uint8Array): { toString(encoding: 'utf8'): string } }
  }
  if (runtime.TextDecoder !== undefined) return new runtime.TextDecoder().decode(bytes)
  if (runtime.Buffer !== undefined) return runtime.Buffer.from(bytes).toString('utf8')
  throw new TypeError('This runtime has neither TextDecoder nor Buffer to read the answer with.')
}
