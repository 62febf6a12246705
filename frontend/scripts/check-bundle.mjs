// Fails the build when the JavaScript a first visit must download (the entry
// script plus its modulepreloads in dist/index.html) exceeds the budget.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 170
const dist = join(import.meta.dirname, '..', 'dist')
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const files = [
  ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
].map((m) => m[1])

let total = 0
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
  total += size
  console.log(`  ${file.padEnd(40)} ${(size / 1024).toFixed(1).padStart(7)} KB gzip`)
}
const kb = total / 1024
console.log(`initial JS: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`)
if (kb > BUDGET_KB) {
  console.error(`initial JS over budget by ${(kb - BUDGET_KB).toFixed(1)} KB`)
  process.exit(1)
}
