import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './index.css'
import { App } from './app/app'
import { listenToOtherTabs, restoreSession } from './lib/api-client'

// The access token lives in memory only: after a (re)load, get one through the
// HttpOnly refresh cookie before guarded pages decide anything.
void restoreSession()
listenToOtherTabs()

const root = document.getElementById('root')
if (!root) throw new Error('PeerLearn: #root element missing from index.html')

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
