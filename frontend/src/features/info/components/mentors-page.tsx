import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { StarIcon } from '@/components/ui/icons'

export function MentorsPage() {
  usePageTitle('Mentors')
  return (
    <section aria-labelledby="mentors-heading" className="mx-auto max-w-6xl space-y-6 px-4 py-10">
      <h1 id="mentors-heading" className="text-3xl font-extrabold text-primary">
        Mentors
      </h1>
      <EmptyState title="No mentors to show yet" icon={<StarIcon size={32} />}>
        The mentor directory opens soon. You'll be able to search by domain and skill and request a live session.
      </EmptyState>
    </section>
  )
}
