import { Link } from 'react-router'
import { LinkedInIcon, XBrandIcon } from '@/components/ui/icons'

const YEAR = new Date().getFullYear()

/**
 * Site footer: page links and social icons. The social icons share PeerLearn
 * (real share intents) rather than pointing at accounts that do not exist.
 */
export function Footer({ signedIn = false }: { signedIn?: boolean }) {
  const here = typeof window !== 'undefined' ? window.location.origin : ''
  const text = encodeURIComponent('Learning one-to-one, live, on PeerLearn')
  const url = encodeURIComponent(here || 'https://peerlearn.app')
  return (
    <footer className="mt-16 border-t border-line bg-surface/70">
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-10 md:grid-cols-3">
        <div className="space-y-2">
          <p className="text-lg font-bold text-primary">PeerLearn</p>
          <p className="text-base text-ink-muted">Live one-to-one learning with mentors, priced in INR.</p>
        </div>
        <nav aria-label="Footer">
          <ul className="grid grid-cols-2 gap-x-6 text-base">
            <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/sessions">Browse sessions</Link></li>
            <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/mentors">Find mentors</Link></li>
            <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/about">About PeerLearn</Link></li>
            <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/signup/mentor">Teach on PeerLearn</Link></li>
            {signedIn ? null : (
              <>
                <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/login">Log in</Link></li>
                <li><Link className="inline-flex min-h-tap items-center text-primary hover:underline" to="/signup/learner">Join as a learner</Link></li>
              </>
            )}
          </ul>
        </nav>
        <div className="space-y-2">
          <p className="text-base font-semibold text-ink">Share PeerLearn</p>
          <ul className="flex gap-2">
            <li>
              <a
                className="lift inline-flex size-tap items-center justify-center rounded-full bg-primary-soft text-primary"
                href={`https://x.com/intent/post?text=${text}&url=${url}`}
                target="_blank"
                rel="noopener noreferrer"
                aria-label="Share on X (opens in a new tab)"
              >
                <XBrandIcon size={20} />
              </a>
            </li>
            <li>
              <a
                className="lift inline-flex size-tap items-center justify-center rounded-full bg-primary-soft text-primary"
                href={`https://www.linkedin.com/sharing/share-offsite/?url=${url}`}
                target="_blank"
                rel="noopener noreferrer"
                aria-label="Share on LinkedIn (opens in a new tab)"
              >
                <LinkedInIcon size={20} />
              </a>
            </li>
          </ul>
        </div>
      </div>
      <p className="border-t border-line px-4 py-4 text-center text-base text-ink-muted">
        © {YEAR} PeerLearn
      </p>
    </footer>
  )
}
