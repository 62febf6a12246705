// Build-time plugins of the SPA (vite.config.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/
const MIN_BYTES = 512

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

/**
 * Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) next to every text
 * asset of the build, once. The local stack's SPA server sends them by
 * Accept-Encoding, as CloudFront compresses in production, so local
 * Lighthouse figures are not skewed by uncompressed transfers.
 */
export function precompress(outDir = 'dist'): Plugin {
  return {
    name: 'peerlearn-precompress',
    apply: 'build',
    closeBundle() {
      for (const path of files(outDir)) {
        if (!TEXT.test(path)) continue
        const data = readFileSync(path)
        if (data.length < MIN_BYTES) continue
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        )
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}
