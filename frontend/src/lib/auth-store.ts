// The signed-in session: tokens plus a snapshot of the user (for instant role
// checks before GET /me answers). Kept in localStorage so a reload stays signed
// in, and synchronised across tabs through the `storage` event. The refresh
// token rotates: every successful refresh replaces both tokens.
import type { Me, Role, Tokens } from './api-types'

const STORAGE_KEY = 'peerlearn.session'

export interface SessionUser {
  user_id: string
  role: Role
  name: string
}

export interface Session {
  accessToken: string
  refreshToken: string
  user: SessionUser
}

type Listener = () => void

let current: Session | null = read()
/** Why the last session ended in this tab: a deliberate logout or not. */
let signedOutBy: 'logout' | null = null
const listeners = new Set<Listener>()

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Session
    if (!parsed.accessToken || !parsed.refreshToken || !parsed.user?.role) return null
    return parsed
  } catch {
    return null
  }
}

function write(next: Session | null) {
  current = next
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // storage may be unavailable (private mode); the in-memory session still works
  }
  listeners.forEach((l) => l())
}

export function snapshotUser(me: Pick<Me, 'user_id' | 'role' | 'name'>): SessionUser {
  return { user_id: me.user_id, role: me.role, name: me.name }
}

export const authStore = {
  get(): Session | null {
    return current
  },
  getAccessToken(): string | null {
    return current?.accessToken ?? null
  },
  getRefreshToken(): string | null {
    return current?.refreshToken ?? null
  },
  setTokens(tokens: Tokens) {
    signedOutBy = null
    write({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      user: snapshotUser(tokens.user),
    })
  },
  updateUser(me: Pick<Me, 'user_id' | 'role' | 'name'>) {
    if (!current) return
    const user = snapshotUser(me)
    if (
      user.user_id === current.user.user_id &&
      user.role === current.user.role &&
      user.name === current.user.name
    )
      return
    write({ ...current, user })
  },
  clear(reason: 'logout' | null = null) {
    signedOutBy = reason
    if (current === null) return
    write(null)
  },
  /** 'logout' right after the user logged out here; guards then send them home. */
  signedOutBy(): 'logout' | null {
    return signedOutBy
  },
  forgetSignOut() {
    signedOutBy = null
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  /** Re-read storage (used by tests and by the cross-tab listener). */
  reload() {
    current = read()
    listeners.forEach((l) => l())
  },
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY) authStore.reload()
  })
}

export function dashboardPath(role: Role): string {
  return `/dashboard/${role}`
}
