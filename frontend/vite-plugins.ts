// Build-time plugins of the SPA (vite.config.ts).
import type { Plugin } from 'vite'

/**
 * Inlines the app's stylesheet into index.html as a <style> element, so the
 * first paint (the prerendered landing, scripts/prerender.mjs) waits for no
 * second request. The whole sheet is ~12 KB compressed: splitting out a
 * "critical" part would save little and add a second, late stylesheet.
 */
export function inlineCss(): Plugin {
  return {
    name: 'peerlearn-inline-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html
        return html.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = ctx.bundle?.[file]
          if (!asset || asset.type !== 'asset') return tag
          return `<style>${String(asset.source)}</style>`
        })
      },
    },
  }
}
