import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { PlayIcon } from '@/components/ui/icons'

export function SessionsPage() {
  usePageTitle('Sessions')
  return (
    <section aria-labelledby="sessions-heading" className="mx-auto max-w-6xl space-y-6 px-4 py-10">
      <h1 id="sessions-heading" className="text-3xl font-extrabold text-primary">
        Live &amp; upcoming sessions
      </h1>
      <EmptyState title="No sessions to show yet" icon={<PlayIcon size={32} />}>
        Session listings open soon. When mentors publish sessions they will be listed here with their time, price and a
        Book button.
      </EmptyState>
    </section>
  )
}
