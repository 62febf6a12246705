// The signed-in session: the access token plus a snapshot of the user (for
// instant role checks before GET /me answers). Held in memory only — never in
// localStorage, sessionStorage or a readable cookie. The refresh token is an
// HttpOnly cookie the page cannot see; after a reload the session comes back
// through a silent POST /auth/refresh (lib/api-client `restoreSession`), and
// until that settles `isRestoring()` is true so guards wait instead of
// redirecting.
import type { Me, Role, Tokens } from './api-types'

/** Where sessions used to be stored (with the refresh token); deleted on load. */
const LEGACY_STORAGE_KEY = 'peerlearn.session'

export interface SessionUser {
  user_id: string
  role: Role
  name: string
}

export interface Session {
  accessToken: string
  user: SessionUser
}

type Listener = () => void

let current: Session | null = null
let restoring = false
/** Why the last session ended in this tab: a deliberate logout or not. */
let signedOutBy: 'logout' | null = null
const listeners = new Set<Listener>()

try {
  globalThis.localStorage?.removeItem(LEGACY_STORAGE_KEY)
} catch {
  // storage may be unavailable (private mode); nothing to clean up then
}

function write(next: Session | null) {
  current = next
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
  setTokens(tokens: Pick<Tokens, 'access_token' | 'user'>) {
    signedOutBy = null
    write({ accessToken: tokens.access_token, user: snapshotUser(tokens.user) })
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
  /** True while the page-load refresh has not answered yet (the session is unknown). */
  isRestoring(): boolean {
    return restoring
  },
  setRestoring(value: boolean) {
    if (restoring === value) return
    restoring = value
    listeners.forEach((l) => l())
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  /** Forget everything (tests). */
  reset() {
    current = null
    restoring = false
    signedOutBy = null
    listeners.forEach((l) => l())
  },
}

export function dashboardPath(role: Role): string {
  return `/dashboard/${role}`
}
