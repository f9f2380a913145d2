// The script-tag build (`dist/fingerprint-segment.iife.js`, `window.FingerprintSegment`): both entries.
export * from './index'
export { buildSegmentIntegration, withSegment } from './with-segment'
