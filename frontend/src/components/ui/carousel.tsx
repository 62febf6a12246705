import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { cn } from '@/lib/cn'

/** The start-aligned row's edge padding (px-4). */
const EDGE_PX = 16

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A full-width, horizontally scrolling carousel (spec 000 §7): slides snap to
 * the centre and the centred one is shown full size (the others scale down),
 * arrow buttons overlay both edges, ← / → (and Home / End) move between slides
 * when focus is inside, and touch swipe is the browser's own snapping scroll.
 * Until the row overflows (two cards on a wide screen) it is a plain row
 * aligned to the start: nothing to centre, scroll or scale.
 * WAI-ARIA carousel pattern: a labelled region of "slide" groups.
 */
export function Carousel<T>({
  label,
  items,
  getKey,
  renderItem,
  slideClassName,
}: {
  label: string
  items: readonly T[]
  getKey: (item: T) => string
  renderItem: (item: T, index: number, active: boolean) => ReactNode
  slideClassName?: string
}) {
  const trackId = useId()
  const track = useRef<HTMLDivElement>(null)
  const [announce, setAnnounce] = useState('')
  const count = items.length
  // A new list (another category) starts again at its first slide.
  const signature = items.map(getKey).join('|')
  const [position, setPosition] = useState({ signature, index: 0 })
  const active = position.signature === signature ? position.index : 0
  const setActive = (index: number) => setPosition({ signature, index })
  const current = Math.min(active, Math.max(0, count - 1))

  const slideAt = (index: number) => track.current?.children.item(index) as HTMLElement | null

  // Does the whole row fit (slides + gaps + the start-aligned edge padding)?
  // Slide widths do not depend on the track's padding, so this never flips back and forth.
  const [fits, setFits] = useState(false)
  useLayoutEffect(() => {
    const el = track.current
    if (!el) return
    const measure = () => {
      const slides = Array.from(el.children) as HTMLElement[]
      const gap = parseFloat(getComputedStyle(el).columnGap) || 0
      const row = slides.reduce((w, c) => w + c.offsetWidth, 0) + gap * Math.max(0, slides.length - 1) + 2 * EDGE_PX
      setFits(el.clientWidth > 0 && row <= el.clientWidth)
    }
    measure()
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', measure)
      return () => window.removeEventListener('resize', measure)
    }
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [signature])

  const center = useCallback((index: number, smooth = true) => {
    const el = track.current
    if (fits) return
    const slide = el?.children.item(index) as HTMLElement | null
    if (!el || !slide || typeof el.scrollTo !== 'function') return
    const left = slide.offsetLeft - (el.clientWidth - slide.offsetWidth) / 2
    el.scrollTo({ left, behavior: smooth ? 'smooth' : 'auto' })
  }, [fits])

  const go = (index: number, focus: boolean) => {
    if (count === 0) return
    const next = Math.max(0, Math.min(count - 1, index))
    setActive(next)
    setAnnounce(`Slide ${next + 1} of ${count}`)
    center(next)
    if (focus) slideAt(next)?.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true })
  }

  useEffect(() => center(0, false), [signature, center])

  // Swiping or scrolling by hand: the slide nearest the centre becomes active.
  const frame = useRef(0)
  const onScroll = () => {
    cancelAnimationFrame(frame.current)
    frame.current = requestAnimationFrame(() => {
      const el = track.current
      if (!el) return
      const middle = el.scrollLeft + el.clientWidth / 2
      let best = 0
      let bestDistance = Infinity
      Array.from(el.children).forEach((child, i) => {
        const c = child as HTMLElement
        const distance = Math.abs(c.offsetLeft + c.offsetWidth / 2 - middle)
        if (distance < bestDistance) {
          best = i
          bestDistance = distance
        }
      })
      setActive(best)
    })
  }
  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    if (target.closest('input, textarea, select')) return
    const from = Array.from(track.current?.children ?? []).findIndex((c) => c.contains(target))
    const base = from === -1 ? current : from
    let next: number
    if (e.key === 'ArrowRight') next = base + 1
    else if (e.key === 'ArrowLeft') next = base - 1
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = count - 1
    else return
    e.preventDefault()
    go(next, true)
  }

  return (
    <div role="region" aria-roledescription="carousel" aria-label={label} className="relative w-full">
      <div
        ref={track}
        id={trackId}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        data-align={fits ? 'start' : 'center'}
        className={cn(
          'flex snap-x snap-mandatory gap-4 overflow-x-auto overscroll-x-contain scroll-smooth py-6 [scrollbar-width:none] [&::-webkit-scrollbar]:hidden',
          fits ? 'justify-start px-4' : 'px-[calc(50%-min(40vw,10rem))]',
        )}
      >
        {items.map((item, i) => {
          const isActive = i === current
          const full = fits || isActive
          return (
            <div
              key={getKey(item)}
              role="group"
              aria-roledescription="slide"
              aria-label={`${i + 1} of ${count}`}
              aria-current={isActive ? 'true' : undefined}
              data-active={isActive || undefined}
              onFocus={() => setActive(i)}
              className={cn(
                'w-[min(80vw,20rem)] shrink-0 transition-transform duration-300 ease-out',
                fits ? 'snap-start' : 'snap-center',
                full ? 'scale-100' : 'scale-90',
                slideClassName,
              )}
            >
              {renderItem(item, i, isActive)}
            </div>
          )
        })}
      </div>
      {count > 1 && !fits ? (
        <>
          <ArrowButton direction="prev" disabled={current === 0} controls={trackId} onClick={() => go(current - 1, false)} />
          <ArrowButton direction="next" disabled={current >= count - 1} controls={trackId} onClick={() => go(current + 1, false)} />
        </>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
    </div>
  )
}

function ArrowButton({
  direction,
  disabled,
  controls,
  onClick,
}: {
  direction: 'prev' | 'next'
  disabled: boolean
  controls: string
  onClick: () => void
}) {
  const prev = direction === 'prev'
  return (
    <button
      type="button"
      aria-label={prev ? 'Previous slide' : 'Next slide'}
      aria-controls={controls}
      disabled={disabled}
      onClick={onClick}
      className={cn(
        'glass absolute top-1/2 z-10 inline-flex size-12 -translate-y-1/2 items-center justify-center rounded-full text-primary transition-opacity hover:bg-accent-soft disabled:pointer-events-none disabled:opacity-0',
        prev ? 'left-2 md:left-6' : 'right-2 md:right-6',
      )}
    >
      <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        <path d={prev ? 'm14.5 6-6 6 6 6' : 'm9.5 6 6 6-6 6'} />
      </svg>
    </button>
  )
}
