export const inputClass =
  'block w-full min-h-tap rounded-[var(--radius-control)] border border-line bg-surface px-3 py-2 text-base text-ink placeholder:text-ink-muted/80 transition-colors hover:border-accent aria-[invalid=true]:border-danger'

export function describedBy(id: string, hint: unknown, extra?: string) {
  return [hint ? `${id}-hint` : null, `${id}-error`, extra].filter(Boolean).join(' ')
}
