// The sandbox tests run the BUILT pasteable bundle: rebuilt first when a source file is newer.
export { rebuildStaleBundle as default } from '@fingerprint-segment/test-kit'
