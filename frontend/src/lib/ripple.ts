import type { PointerEvent } from 'react'

/** Adds the orange ripple from the pointer position to any element. */
export function spawnRipple(e: PointerEvent<HTMLElement>) {
  const el = e.currentTarget
  if (typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches)
    return
  const rect = el.getBoundingClientRect()
  const size = Math.max(rect.width, rect.height)
  const span = document.createElement('span')
  span.setAttribute('aria-hidden', 'true')
  span.className = 'pointer-events-none absolute rounded-full bg-cta/40 animate-ripple'
  span.style.width = span.style.height = `${size}px`
  span.style.left = `${e.clientX - rect.left - size / 2}px`
  span.style.top = `${e.clientY - rect.top - size / 2}px`
  el.appendChild(span)
  span.addEventListener('animationend', () => span.remove(), { once: true })
  setTimeout(() => span.remove(), 800)
}
