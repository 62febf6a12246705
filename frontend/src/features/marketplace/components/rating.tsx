import type { Rating as RatingData } from '@/lib/marketplace-types'
import { StarIcon } from '@/components/ui/icons'

/** The mentor's real rating, or "No reviews yet" — never an invented number. */
export function Rating({ rating }: { rating: RatingData | null }) {
  if (!rating || rating.count === 0) return <span className="text-base text-ink-muted">No reviews yet</span>
  const reviews = `${rating.count} review${rating.count === 1 ? '' : 's'}`
  return (
    <span className="inline-flex items-center gap-1 text-base text-ink">
      <StarIcon size={18} className="fill-cta text-cta" />
      <span className="font-semibold">{rating.average.toFixed(1)}</span>
      <span className="text-ink-muted">({reviews})</span>
    </span>
  )
}
