import { useCallback, useState } from 'react'

// After POST /auth/signup the account waits for its email code. Remember the
// address so a reload lands back on the code screen instead of the wizard.
const PREFIX = 'peerlearn.signup-pending.'

function read(role: string): string | null {
  try {
    const raw = localStorage.getItem(PREFIX + role)
    return raw ? ((JSON.parse(raw) as { email?: string }).email ?? null) : null
  } catch {
    return null
  }
}

export function usePendingVerification(role: string) {
  const [email, setEmailState] = useState<string | null>(() => read(role))
  const set = useCallback(
    (next: string | null) => {
      setEmailState(next)
      try {
        if (next) localStorage.setItem(PREFIX + role, JSON.stringify({ email: next }))
        else localStorage.removeItem(PREFIX + role)
      } catch {
        // ignore
      }
    },
    [role],
  )
  return [email, set] as const
}
