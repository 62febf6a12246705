// Where a signed-out visitor was going when we sent them to sign up: "Book ➤"
// on a session or "Request Live ➤" on a mentor. Kept in localStorage so it
// survives the signup wizard, a reload and the emailed-code step; the first
// sign-in as a learner takes it and lands back on that page (whose sheet or
// form then reopens).
const KEY = 'peerlearn.intent'
/** A forgotten intent must not hijack a sign-in days later. */
export const INTENT_TTL_MS = 6 * 60 * 60 * 1000

export interface Intent {
  /** In-app path to return to, e.g. "/sessions/s1?book=1". */
  path: string
  /** What the visitor wanted, for the signup page banner. */
  label: string
  at: number
}

export function rememberIntent(path: string, label: string) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ path, label, at: Date.now() } satisfies Intent))
  } catch {
    // storage unavailable: the visitor simply lands on the dashboard
  }
}

export function peekIntent(now: number = Date.now()): Intent | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const intent = JSON.parse(raw) as Intent
    if (typeof intent.path !== 'string' || !intent.path.startsWith('/') || intent.path.startsWith('//')) return null
    if (!(now - intent.at < INTENT_TTL_MS)) {
      localStorage.removeItem(KEY)
      return null
    }
    return intent
  } catch {
    return null
  }
}

export function clearIntent() {
  try {
    localStorage.removeItem(KEY)
  } catch {
    // ignore
  }
}

/** Returns the pending intent (if still fresh) and forgets it. */
export function takeIntent(): Intent | null {
  const intent = peekIntent()
  clearIntent()
  return intent
}
