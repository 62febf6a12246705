// A tiny toast store, usable from React and from plain modules (the API
// client shows "Access denied" without being a component).
export type ToastTone = 'info' | 'success' | 'error'

export interface Toast {
  id: number
  message: string
  tone: ToastTone
  /** Optional secondary line. */
  detail?: string
}

type Listener = () => void

const DEFAULT_DURATION_MS = 5000
const MAX_VISIBLE = 4
/** How long an outcome, once announced, stays announced (the server's echo arrives within seconds). */
const OUTCOME_WINDOW_MS = 30_000

let toasts: Toast[] = []
let nextId = 1
const listeners = new Set<Listener>()
const timers = new Map<number, ReturnType<typeof setTimeout>>()
// Outcome key → when it was last announced. One action is told twice — by the
// page that ran it ("Booked ✔") and by the server's notification of the same
// outcome arriving over the WebSocket ("Booked ✔ <title>", kind
// `booking_confirmed`). Both name the outcome by the notification kind, and the
// page's own words win: a push arriving second is dropped; a push that came
// first (the WebSocket can beat the HTTP answer) is replaced by the page's toast.
const announced = new Map<string, { at: number; id: number; echo: boolean }>()

function emit() {
  listeners.forEach((l) => l())
}

export function showToast(
  message: string,
  options: {
    tone?: ToastTone
    detail?: string
    durationMs?: number
    /** The outcome this toast tells (a notification kind, e.g. `booking_confirmed`): told once per 30 s. */
    outcome?: string
    /** A server push telling an outcome the page may tell itself (it yields to the page's toast). */
    echo?: boolean
  } = {},
): number {
  const now = Date.now()
  const echo = options.echo ?? false
  if (options.outcome) {
    const before = announced.get(options.outcome)
    if (before && now - before.at < OUTCOME_WINDOW_MS) {
      if (echo || !before.echo) return before.id
      dismissToast(before.id) // the push came first: the page's own toast replaces it
    }
  }
  // Collapse an identical toast that is still on screen (e.g. two parallel
  // requests both answering 403) instead of stacking duplicates.
  const dup = toasts.find((t) => t.message === message && t.detail === options.detail)
  if (dup) return dup.id
  const toast: Toast = {
    id: nextId++,
    message,
    tone: options.tone ?? 'info',
    detail: options.detail,
  }
  toasts = [...toasts, toast].slice(-MAX_VISIBLE)
  if (options.outcome) announced.set(options.outcome, { at: now, id: toast.id, echo })
  const duration = options.durationMs ?? DEFAULT_DURATION_MS
  if (duration > 0) {
    timers.set(
      toast.id,
      setTimeout(() => dismissToast(toast.id), duration),
    )
  }
  emit()
  return toast.id
}

export function dismissToast(id: number) {
  const timer = timers.get(id)
  if (timer) clearTimeout(timer)
  timers.delete(id)
  const next = toasts.filter((t) => t.id !== id)
  if (next.length !== toasts.length) {
    toasts = next
    emit()
  }
}

export const toastStore = {
  getSnapshot(): Toast[] {
    return toasts
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  /** Drop every toast (tests). */
  reset() {
    timers.forEach((t) => clearTimeout(t))
    timers.clear()
    toasts = []
    announced.clear()
    emit()
  },
}
