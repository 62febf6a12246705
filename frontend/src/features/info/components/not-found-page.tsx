import { Link } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'

export function NotFoundPage() {
  usePageTitle('Page not found')
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center gap-4 px-4 py-20 text-center">
      <h1 className="text-3xl font-extrabold text-primary">Page not found</h1>
      <p className="text-lg text-ink-muted">That address doesn't match any page on PeerLearn.</p>
      <Link to="/" className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-primary px-5 font-semibold text-white hover:bg-primary-hover">
        Go to the home page
      </Link>
    </section>
  )
}
