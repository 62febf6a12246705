import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { inlineCss } from './vite-plugins.ts'

// The SPA talks to the API on its own origin under /api. In development the
// dev server proxies /api (REST and the local WebSocket gateway, if it lives
// under the same prefix) to the local stack; override with PEERLEARN_API.
const apiTarget = process.env.PEERLEARN_API ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [react(), tailwindcss(), inlineCss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    manifest: true, // read (then removed) by scripts/prerender.mjs to preload the landing's chunks
    reportCompressedSize: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // lottie-web's expression engine uses eval; the light build we ship
        // (LottieLight, lazily loaded) never runs it. Keep the build output quiet.
        if (log.code === 'EVAL' && log.id?.includes('lottie-web')) return
        handler(level, log)
      },
    },
  },
})
