import { useId, useState } from 'react'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { cn } from '@/lib/cn'
import { useTaxonomy } from '@/lib/meta'
import { TextField } from '@/components/form/field'
import { SelectField } from '@/components/form/select-field'
import { Button } from '@/components/ui/button'
import { ChevronDownIcon, CloseIcon } from '@/components/ui/icons'
import { useMentorProfile } from '../api/get-mentor'
import { useMentorSearch } from '../api/get-mentors'
import { useDebouncedFilter } from '../hooks/use-debounced-filter'
import { priceError, type FilterParam, type FilterState } from '../utils/filters'

export type SetFilter = (name: FilterParam, value: string) => void

/**
 * The /sessions filters: a sidebar on desktop, an accordion ("Filters") on
 * mobile. Every change is applied at once (text and amounts after a pause).
 */
export function SessionFilters({
  filters,
  setFilter,
  clear,
  active,
}: {
  filters: FilterState
  setFilter: SetFilter
  clear: () => void
  active: boolean
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const taxonomy = useTaxonomy()
  const [min, setMin] = useDebouncedFilter(filters.min, (v) => setFilter('min', v))
  const [max, setMax] = useDebouncedFilter(filters.max, (v) => setFilter('max', v))
  const free = filters.price === 'free'
  const count = (['category', 'price', 'min', 'max', 'from', 'to', 'mentor'] as const).filter((k) => filters[k]).length
  const categories = filters.category && !taxonomy.categories.includes(filters.category)
    ? [filters.category, ...taxonomy.categories]
    : taxonomy.categories

  return (
    <aside aria-label="Session filters" className="md:sticky md:top-20 md:self-start">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="glass flex min-h-tap w-full items-center justify-between rounded-[var(--radius-control)] px-4 text-base font-semibold text-primary md:hidden"
      >
        <span>Filters{count ? ` (${count} on)` : ''}</span>
        <ChevronDownIcon className={cn('transition-transform', open && 'rotate-180')} />
      </button>
      <div
        id={panelId}
        className={cn('glass mt-2 space-y-5 rounded-[var(--radius-card)] p-4 md:mt-0 md:block', open ? 'block' : 'hidden')}
      >
        <h2 className="hidden text-lg font-bold text-ink md:block">Filters</h2>
        <SelectField
          label="Category"
          value={filters.category}
          placeholder="All categories"
          options={categories.map((c) => ({ value: c, label: c }))}
          onChange={(e) => setFilter('category', e.target.value)}
        />
        <fieldset className="space-y-2">
          <legend className="text-base font-semibold text-ink">Price</legend>
          <div className="flex flex-wrap gap-2">
            {([['', 'Any'], ['free', 'Free'], ['paid', 'Paid']] as const).map(([value, label]) => (
              <label
                key={label}
                className={cn(
                  'inline-flex min-h-tap cursor-pointer items-center rounded-full border px-4 text-base font-medium has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent',
                  filters.price === value ? 'border-primary bg-primary text-white' : 'border-line bg-surface text-ink hover:border-accent',
                )}
              >
                <input
                  type="radio"
                  name="price"
                  className="sr-only"
                  checked={filters.price === value}
                  onChange={() => setFilter('price', value)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Min ₹"
            inputMode="decimal"
            value={min}
            disabled={free}
            error={priceError(min)}
            onChange={(e) => setMin(e.target.value)}
          />
          <TextField
            label="Max ₹"
            inputMode="decimal"
            value={max}
            disabled={free}
            error={priceError(max)}
            onChange={(e) => setMax(e.target.value)}
          />
        </div>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-1">
          <TextField label="From" type="date" value={filters.from} onChange={(e) => setFilter('from', e.target.value)} />
          <TextField
            label="To"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => setFilter('to', e.target.value)}
          />
        </div>
        <MentorFilter mentorId={filters.mentor} onChange={(id) => setFilter('mentor', id)} />
        {active ? (
          <Button variant="secondary" className="w-full" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </aside>
  )
}

/** Pick one mentor by name (GET /mentors?q=), or show and remove the chosen one. */
function MentorFilter({ mentorId, onChange }: { mentorId: string; onChange: (id: string) => void }) {
  const [text, setText] = useState('')
  const q = useDebouncedValue(text.trim(), 300)
  const chosen = useMentorProfile(mentorId || undefined)
  const searching = q.length >= 2 && !mentorId
  const results = useMentorSearch({ q }, { enabled: searching })
  const matches = searching ? (results.data?.pages[0]?.items ?? []).slice(0, 5) : []
  if (mentorId) {
    const name = chosen.data?.name ?? 'the chosen mentor'
    return (
      <div className="space-y-1.5">
        <p className="text-base font-semibold text-ink">Mentor</p>
        <p className="inline-flex items-center gap-1 rounded-full bg-primary-soft py-1 pl-3 pr-1 text-base font-medium text-primary">
          {name}
          <button
            type="button"
            aria-label={`Remove mentor filter ${name}`}
            onClick={() => onChange('')}
            className="inline-flex size-9 items-center justify-center rounded-full hover:bg-accent-soft"
          >
            <CloseIcon size={16} />
          </button>
        </p>
      </div>
    )
  }
  return (
    <div className="space-y-2">
      <TextField label="Mentor" type="search" value={text} placeholder="Type a name" onChange={(e) => setText(e.target.value)} />
      {matches.length ? (
        <ul aria-label="Matching mentors" className="space-y-1">
          {matches.map((m) => (
            <li key={m.user_id}>
              <button
                type="button"
                onClick={() => {
                  setText('')
                  onChange(m.user_id)
                }}
                className="flex min-h-tap w-full items-center rounded-[var(--radius-control)] px-3 text-left text-base hover:bg-accent-soft"
              >
                {m.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
