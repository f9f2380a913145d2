import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A route handler; returns false when the request is not its own. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>

/** Largest request body the demo reads (Segment's function limit). */
const maxBodyBytes = segmentLimits.functionBodyBytes

/** Reads the raw request body as text, rejecting bodies over 512 KiB. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > maxBodyBytes) throw new RequestError(413, 'Request body too large.')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads a JSON object body (any content type, as `text/plain` beacons are JSON too). */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request)
  let value: unknown
  try {
    value = text === '' ? {} : JSON.parse(text)
  } catch {
    throw new RequestError(400, 'The body is not JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RequestError(400, 'The body must be a JSON object.')
  return value as Record<string, unknown>
}

/** An error with the HTTP status to answer. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

export function sendText(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' })
  response.end(body)
}

/** The address of the client, without the IPv4-mapped IPv6 prefix. */
export function clientAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '127.0.0.1'
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
}
