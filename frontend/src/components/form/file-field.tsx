import { useEffect, useId, useMemo, useState } from 'react'
import { cn } from '@/lib/cn'
import { UploadIcon } from '@/components/ui/icons'
import { FieldShell } from './field'
import { describedBy } from './field-utils'

/** File picker with drag-and-drop and a preview of images and videos. */
export function FileField({
  label,
  accept,
  file,
  onChange,
  error,
  hint,
  currentUrl,
  kind,
  disabled,
}: {
  label: string
  accept: string
  file: File | null
  onChange: (file: File | null) => void
  error?: string | null
  hint?: string
  currentUrl?: string | null
  kind: 'image' | 'video'
  disabled?: boolean
}) {
  const id = useId()
  const [dragging, setDragging] = useState(false)
  const preview = useMemo(
    () => (file && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null),
    [file],
  )
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview)
    },
    [preview],
  )

  const shown = preview ?? currentUrl ?? null

  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <div
        className={cn(
          'flex flex-col items-center gap-3 rounded-[var(--radius-card)] border-2 border-dashed p-4 text-center transition-colors sm:flex-row sm:text-left',
          dragging ? 'border-accent bg-accent-soft' : 'border-line bg-surface',
        )}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          const dropped = e.dataTransfer.files?.[0]
          if (dropped && !disabled) onChange(dropped)
        }}
      >
        {shown ? (
          kind === 'image' ? (
            <img src={shown} alt="" className="size-24 shrink-0 rounded-full object-cover" />
          ) : (
            <video src={shown} className="h-24 w-40 shrink-0 rounded-lg bg-ink object-cover" muted controls aria-label={`${label} preview`} />
          )
        ) : (
          <span className="inline-flex size-16 shrink-0 items-center justify-center rounded-full bg-primary-soft text-primary">
            <UploadIcon />
          </span>
        )}
        <div className="flex-1 space-y-2">
          <p className="text-base text-ink">
            {file ? (
              <>
                <span className="font-semibold">{file.name}</span>{' '}
                <span className="text-ink-muted">({Math.max(1, Math.round(file.size / 1024))} KB)</span>
              </>
            ) : (
              'Drop a file here or choose one.'
            )}
          </p>
          <div className="flex flex-wrap gap-2">
            <input
              id={id}
              type="file"
              accept={accept}
              disabled={disabled}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(id, hint)}
              onChange={(e) => onChange(e.target.files?.[0] ?? null)}
              className="block min-h-tap w-full text-base file:mr-3 file:min-h-tap file:cursor-pointer file:rounded-[var(--radius-control)] file:border-0 file:bg-primary file:px-4 file:font-semibold file:text-white hover:file:bg-primary-hover"
            />
            {file ? (
              <button
                type="button"
                onClick={() => onChange(null)}
                className="min-h-tap rounded-[var(--radius-control)] px-3 font-semibold text-primary hover:bg-accent-soft"
              >
                Clear {label.toLowerCase()}
              </button>
            ) : null}
          </div>
        </div>
      </div>
    </FieldShell>
  )
}
