import type { ReactNode } from 'react'
import { cn } from '@/lib/cn'

export interface Column<T> {
  key: string
  header: string
  cell: (row: T) => ReactNode
  /** Right-align amounts. */
  numeric?: boolean
  className?: string
}

/**
 * A data table on wide screens; on phones each row becomes a card listing
 * "header: value" pairs (no sideways scrolling, text stays ≥ 16 px).
 */
export function MoneyTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  rowClassName,
}: {
  rows: T[]
  columns: Column<T>[]
  rowKey: (row: T) => string
  caption: string
  rowClassName?: (row: T) => string | undefined
}) {
  return (
    <div className="glass overflow-x-auto rounded-[var(--radius-card)]">
      <table className="w-full border-collapse text-left text-base">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden bg-primary-soft/60 md:table-header-group">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cn('px-4 py-3 font-semibold text-ink', c.numeric && 'text-right')}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              data-testid="money-row"
              className={cn('block border-t border-line px-4 py-3 first:border-t-0 md:table-row md:px-0 md:py-0', rowClassName?.(row))}
            >
              {columns.map((c) => (
                <td
                  key={c.key}
                  data-label={c.header}
                  className={cn(
                    'flex justify-between gap-4 py-1 md:table-cell md:px-4 md:py-3',
                    c.numeric && 'md:text-right tabular-nums',
                    c.className,
                  )}
                >
                  <span aria-hidden="true" className="font-medium text-ink-muted md:hidden">
                    {c.header}
                  </span>
                  <span className="text-right md:text-inherit">{c.cell(row)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A summary figure: label, amount, optional hint. */
export function StatCard({ label, value, hint, tone }: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'primary' | 'success' }) {
  return (
    <div className="glass space-y-1 rounded-[var(--radius-card)] p-4">
      <p className="text-base font-medium text-ink-muted md:text-sm">{label}</p>
      <p className={cn('text-2xl font-bold tabular-nums', tone === 'success' ? 'text-success' : 'text-primary')}>{value}</p>
      {hint ? <p className="text-base text-ink-muted md:text-sm">{hint}</p> : null}
    </div>
  )
}
