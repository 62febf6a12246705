import { cn } from '@/lib/cn'

/** Category chips (checkboxes) from the taxonomy. */
export function CategoryPicker({
  options,
  values,
  onChange,
  error,
  legend = 'Categories',
}: {
  options: readonly string[]
  values: string[]
  onChange: (values: string[]) => void
  error?: string | null
  legend?: string
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-base font-semibold text-ink">{legend}</legend>
      {options.length === 0 ? (
        <p className="text-base text-ink-muted">Categories will appear here once they are available.</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {options.map((c) => {
            const checked = values.includes(c)
            return (
              <label
                key={c}
                className={cn(
                  'lift inline-flex min-h-tap cursor-pointer items-center gap-2 rounded-full border px-4 text-base font-medium has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent',
                  checked ? 'border-primary bg-primary text-white' : 'border-line bg-surface text-ink hover:border-accent',
                )}
              >
                <input
                  type="checkbox"
                  className="sr-only"
                  checked={checked}
                  onChange={() => onChange(checked ? values.filter((v) => v !== c) : [...values, c])}
                />
                {c}
              </label>
            )
          })}
        </div>
      )}
      {error ? <p className="text-base font-medium text-danger">{error}</p> : null}
    </fieldset>
  )
}
