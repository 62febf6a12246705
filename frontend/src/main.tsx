import { startTransition, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './index.css'
import { App } from './app/app'
import { preloadFirstPage } from './app/router'
import { listenToOtherTabs, restoreSession } from './lib/api-client'

// The access token lives in memory only: after a (re)load, get one through the
// HttpOnly refresh cookie before guarded pages decide anything.
void restoreSession()
listenToOtherTabs()

const root = document.getElementById('root')
if (!root) throw new Error('PeerLearn: #root element missing from index.html')

// The first page's module first (index.html has already asked for its chunks): the first render is
// that page, not its loading state; on `/`, where the HTML shows the prerendered landing
// (scripts/prerender.mjs), the hero never blanks in between.
const firstRoute = preloadFirstPage(location.pathname)

// A transition: React renders the first tree in slices that yield to the browser (input stays
// responsive while the app boots), instead of one long task.
function render() {
  const app = createRoot(root!)
  startTransition(() =>
    app.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  )
}

if (firstRoute) void firstRoute.then(render)
else render()
