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

let toasts: Toast[] = []
let nextId = 1
const listeners = new Set<Listener>()
const timers = new Map<number, ReturnType<typeof setTimeout>>()

function emit() {
  listeners.forEach((l) => l())
}

export function showToast(
  message: string,
  options: { tone?: ToastTone; detail?: string; durationMs?: number } = {},
): number {
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
    emit()
  },
}
