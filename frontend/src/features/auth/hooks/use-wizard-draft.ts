import { useCallback, useEffect, useState } from 'react'

// Signup drafts survive a reload: values and the current step are kept in
// localStorage under one key per role. The password is never written (it is
// re-typed after a reload), and files cannot be stored at all.

const PREFIX = 'peerlearn.signup-draft.'
const NEVER_STORED = ['password'] as const

export function draftKey(role: string): string {
  return `${PREFIX}${role}`
}

interface StoredDraft<V> {
  version: 1
  step: number
  values: Partial<V>
  savedAt: string
}

function readDraft<V>(role: string): StoredDraft<V> | null {
  try {
    const raw = localStorage.getItem(draftKey(role))
    if (!raw) return null
    const parsed = JSON.parse(raw) as StoredDraft<V>
    return parsed && parsed.version === 1 && typeof parsed.values === 'object' ? parsed : null
  } catch {
    return null
  }
}

export function clearDraft(role: string) {
  try {
    localStorage.removeItem(draftKey(role))
  } catch {
    // ignore
  }
}

function stripSecrets<V extends object>(values: V): Partial<V> {
  const copy = { ...values } as Record<string, unknown>
  for (const key of NEVER_STORED) delete copy[key]
  return copy as Partial<V>
}

export function useWizardDraft<V extends object>(role: string, initial: V, stepCount: number) {
  const [restored] = useState(() => readDraft<V>(role))
  const [values, setValues] = useState<V>(() => ({ ...initial, ...(restored?.values ?? {}) }))
  const [step, setStep] = useState(() =>
    Math.min(Math.max(0, restored?.step ?? 0), stepCount - 1),
  )
  const [enabled, setEnabled] = useState(true)

  useEffect(() => {
    if (!enabled) return
    try {
      const draft: StoredDraft<V> = {
        version: 1,
        step,
        values: stripSecrets(values),
        savedAt: new Date().toISOString(),
      }
      localStorage.setItem(draftKey(role), JSON.stringify(draft))
    } catch {
      // storage full or unavailable: the wizard still works, just without a draft
    }
  }, [role, values, step, enabled])

  const discard = useCallback(() => {
    setEnabled(false)
    clearDraft(role)
  }, [role])

  return { values, setValues, step, setStep, restored: restored !== null, discard }
}
