import { useId, useState } from 'react'
import { InfoIcon } from './icons'

/**
 * The ⓘ icon with a tooltip. Shown on hover, keyboard focus and tap; hidden on
 * Escape or blur. The text is the button's description, so screen readers read
 * it with the label.
 */
export function InfoTip({ label, text }: { label: string; text: string }) {
  const id = useId()
  const [open, setOpen] = useState(false)
  return (
    <span className="relative inline-flex align-middle">
      <button
        type="button"
        aria-label={label}
        aria-describedby={id}
        aria-expanded={open}
        className="inline-flex size-tap items-center justify-center rounded-full text-primary hover:bg-accent-soft"
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false)
        }}
      >
        <InfoIcon size={20} />
      </button>
      <span
        id={id}
        role="tooltip"
        hidden={!open}
        className="absolute bottom-full left-1/2 z-40 mb-1 w-64 -translate-x-1/2 rounded-lg bg-ink px-3 py-2 text-base font-normal text-white shadow-lg md:text-sm"
      >
        {text}
      </span>
    </span>
  )
}
