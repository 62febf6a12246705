// Import boundaries (bulletproof-react): shared code (components, hooks, lib)
// never imports features or the app; a feature never imports another feature.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(process.cwd(), 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  return [...text.matchAll(/(?:from\s+|import\s*\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)
}

describe('architecture', () => {
  const all = files(SRC).map((f) => relative(SRC, f).split(sep).join('/'))

  it('shared layers do not import features or the app', () => {
    const offenders = all
      .filter((f) => /^(components|hooks|lib|styles)\//.test(f))
      .flatMap((f) => imports(join(SRC, f)).filter((i) => /^@\/(features|app)\//.test(i)).map((i) => `${f} → ${i}`))
    expect(offenders).toEqual([])
  })

  it('features do not import each other', () => {
    const offenders = all
      .filter((f) => f.startsWith('features/'))
      .flatMap((f) => {
        const own = f.split('/')[1]
        return imports(join(SRC, f))
          .filter((i) => i.startsWith('@/features/') && i.split('/')[2] !== own)
          .map((i) => `${f} → ${i}`)
      })
    expect(offenders).toEqual([])
  })

  it('has no barrel files', () => {
    expect(all.filter((f) => /(^|\/)index\.tsx?$/.test(f))).toEqual([])
  })
})
