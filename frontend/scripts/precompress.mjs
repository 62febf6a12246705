// Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) next to every text
// file of dist/, once per build (the last build step but the budget check).
// The local stack's SPA server (local/spa.py) sends them by Accept-Encoding,
// as CloudFront compresses in production, so local Lighthouse figures are not
// skewed by uncompressed transfers.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/
const MIN_BYTES = 512
const dist = join(import.meta.dirname, '..', 'dist')

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

let count = 0
for (const path of files(dist)) {
  if (!TEXT.test(path)) continue
  const data = readFileSync(path)
  if (data.length < MIN_BYTES) continue
  const br = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length }
  writeFileSync(`${path}.br`, brotliCompressSync(data, { params: br }))
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }))
  count += 1
}
console.log(`precompressed ${count} files (.br, .gz)`)
