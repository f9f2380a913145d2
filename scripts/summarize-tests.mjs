// Prints one closing line for the whole test command from the runners' JSON reports:
// "total: N passed, N failed" (unit and integration tests by vitest, the published-package checks, the
// examples app's checks, end-to-end by Playwright).
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const parts = []

const unitReport = '.test-output/unit.json'
if (existsSync(unitReport)) {
  const unit = JSON.parse(readFileSync(unitReport, 'utf8'))
  passed += unit.numPassedTests
  failed += unit.numFailedTests
  skipped += unit.numPendingTests + unit.numTodoTests
  parts.push(`unit ${unit.numPassedTests}/${unit.numTotalTests}`)
  // A vitest project that finds no test file passes silently: each place tests live must have run.
  const ranFiles = unit.testResults.map((result) => result.name)
  for (const place of [
    'packages/browser/',
    'packages/source-function/',
    'packages/receiver/',
    'packages/test-kit/',
    'scripts/',
    'demo/src/server/',
  ]) {
    if (!ranFiles.some((file) => file.includes(`/${place}`))) {
      console.log(`no test file ran under ${place}: a vitest project finds none (check its include)`)
      failed += 1
    }
  }
}
const packagesReport = '.test-output/packages.json'
if (existsSync(packagesReport)) {
  const packages = JSON.parse(readFileSync(packagesReport, 'utf8'))
  passed += packages.passed
  failed += packages.failed
  parts.push(`published packages ${packages.passed}/${packages.passed + packages.failed}`)
}
const examplesReport = '.test-output/examples.json'
if (existsSync(examplesReport)) {
  const examples = JSON.parse(readFileSync(examplesReport, 'utf8'))
  passed += examples.passed
  failed += examples.failed
  const expected = examples.expectedFailures ? `, ${examples.expectedFailures} expected failures` : ''
  parts.push(`examples ${examples.passed}/${examples.passed + examples.failed}${expected}`)
}
const e2eReport = '.test-output/e2e.json'
if (existsSync(e2eReport)) {
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'))
  passed += stats.expected + stats.flaky
  failed += stats.unexpected
  skipped += stats.skipped
  parts.push(`e2e ${stats.expected + stats.flaky}/${stats.expected + stats.flaky + stats.unexpected + stats.skipped}`)
}
console.log(`(${parts.join(', ')})`)
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
