// Prerenders the landing (`/`) into dist/index.html at build time: the app's
// own components, rendered signed out by React on the server
// (src/prerender/landing.tsx), so a phone paints the header and the hero as
// soon as the HTML (with its inlined CSS) arrives, long before the JavaScript
// has downloaded and run. main.tsx renders the app over it.
//
// index.html is also what every other client route is served, so an inline
// script right after the markup drops it before the first paint anywhere but `/`.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'

process.env.NODE_ENV = 'production'
const root = join(import.meta.dirname, '..')
const out = join(root, '.prerender') // inside frontend/, so the bundle resolves frontend/node_modules
const indexPath = join(root, 'dist', 'index.html')

await build({
  root,
  mode: 'production',
  logLevel: 'warn',
  build: { ssr: 'src/prerender/landing.tsx', outDir: out, emptyOutDir: true, copyPublicDir: false },
})
const { renderLanding } = await import(pathToFileURL(join(out, 'landing.js')).href)
const markup = await renderLanding()
rmSync(out, { recursive: true, force: true })

// Each first page's chunks (and theirs), for the browser to fetch alongside the entry script
// instead of after it has run; main.tsx awaits the same page (app/router.tsx FIRST_PAGES).
const FIRST_PAGES = {
  '/': 'src/app/routes/landing-route.tsx',
  '/sessions': 'src/features/marketplace/components/sessions-page.tsx',
  '/mentors': 'src/features/marketplace/components/mentors-page.tsx',
  '/login': 'src/features/auth/components/login-page.tsx',
  '/about': 'src/features/info/components/about-page.tsx',
}
const manifestPath = join(root, 'dist', '.vite', 'manifest.json')
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
rmSync(join(root, 'dist', '.vite'), { recursive: true, force: true })
const entry = Object.values(manifest).find((c) => c.isEntry)
const initial = new Set([entry.file, ...(entry.imports ?? []).map((k) => manifest[k].file)])
const chunksOf = (source) => {
  const files = []
  const walk = (key) => {
    const chunk = manifest[key]
    if (!chunk || initial.has(chunk.file) || files.includes(`/${chunk.file}`)) return
    files.push(`/${chunk.file}`)
    for (const k of chunk.imports ?? []) walk(k)
  }
  walk(source)
  if (!files.length) throw new Error(`prerender: no chunk for ${source} in the manifest`)
  return files
}
const preloads = Object.fromEntries(Object.entries(FIRST_PAGES).map(([path, source]) => [path, chunksOf(source)]))

const EMPTY_ROOT = '<div id="root"></div>'
const html = readFileSync(indexPath, 'utf8')
if (!html.includes(EMPTY_ROOT)) throw new Error('prerender: dist/index.html has no empty #root')
const keepOnlyOnLanding =
  `<script>(function(p){if(p!=='/')document.getElementById('root').replaceChildren();` +
  `(${JSON.stringify(preloads)}[p]||[]).forEach(function(h){var l=document.createElement('link');` +
  `l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)})})(location.pathname)</script>`
writeFileSync(indexPath, html.replace(EMPTY_ROOT, `<div id="root">${markup}</div>${keepOnlyOnLanding}`))
console.log(`prerendered / into dist/index.html (${(markup.length / 1024).toFixed(1)} KB of markup)`)
