// Test-only, never shipped: loaded with `node --expose-gc --import` into a receiver that a durability
// test starts with `liveHeapProbe: true` (support/receiver-process.ts). On SIGUSR2 it runs a full
// garbage collection and writes the main thread's heap in use after it to stderr as
// `live-heap-probe <bytes>`: the live data, such as a queue held in memory, without the garbage
// that a single reading of the heap in use also counts until the collector reaches it.
process.on('SIGUSR2', () => {
  globalThis.gc()
  process.stderr.write(`live-heap-probe ${process.memoryUsage().heapUsed}\n`)
})
