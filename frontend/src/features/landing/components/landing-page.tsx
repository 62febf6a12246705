import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react'
import { Link, useNavigate } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useSession } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { Button } from '@/components/ui/button'
import { spawnRipple } from '@/lib/ripple'
import { CalendarIcon, PlayIcon, SearchIcon } from '@/components/ui/icons'
import { InfoTip } from '@/components/ui/tooltip'
import { useAuthSelector } from '@/components/layout/auth-selector-context'
import { LiveCountBadge } from '@/components/ui/live-status'
import { useDeferredHero } from '../hooks/use-deferred-hero'
import heroFirstFrame from '../assets/hero-first-frame.svg'

const HeroAnimation = lazy(() => import('./hero-animation'))

/**
 * The hero picture: the animation's first frame as a still (inlined by the
 * build, 3 KB), drawn in the same box the animation later fills, so nothing
 * moves when (and if) the animation takes over. The animation loads only once
 * the page is loaded and idle, never on reduced motion or Save-Data.
 */
function HeroArt() {
  const animate = useDeferredHero()
  const [ready, setReady] = useState(false)
  const onReady = useCallback(() => setReady(true), [])
  return (
    <div className="relative h-full w-full">
      {ready ? null : (
        <img
          src={heroFirstFrame}
          alt=""
          width={480}
          height={360}
          decoding="async"
          data-testid="hero-still"
          className="absolute inset-0 h-full w-full"
        />
      )}
      {animate ? (
        <Suspense fallback={null}>
          {/* its own compositing layer: a frame repaints the animation, not the glass box around it */}
          <div className="absolute inset-0 [contain:strict] will-change-transform">
            <HeroAnimation onReady={onReady} />
          </div>
        </Suspense>
      ) : null}
    </div>
  )
}

/**
 * The landing page. `discover` is the live-sessions / top-mentors block, which
 * the app composes in from the marketplace feature (features never import
 * each other).
 */
export function LandingPage({ discover }: { discover?: ReactNode }) {
  usePageTitle('')
  return (
    <>
      <Hero />
      {discover}
      <HowItWorks />
      <MentorCta />
    </>
  )
}

function Hero() {
  const selector = useAuthSelector()
  const session = useSession()
  const navigate = useNavigate()
  return (
    <section aria-labelledby="hero-heading" className="relative overflow-hidden">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -right-56 -top-56 size-[40rem] bg-[radial-gradient(closest-side,color-mix(in_srgb,var(--color-accent)_30%,transparent),transparent)]"
      />
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -bottom-64 -left-48 size-[40rem] bg-[radial-gradient(closest-side,color-mix(in_srgb,var(--color-cta)_15%,transparent),transparent)]"
      />
      <div className="relative mx-auto grid max-w-6xl items-center gap-10 px-4 py-12 md:grid-cols-2 md:py-20">
        <div className="space-y-6">
          <p className="inline-flex items-center gap-2 rounded-full bg-primary-soft px-3 py-1 text-base font-semibold text-primary">
            Live · one-to-one · INR
            <LiveCountBadge />
          </p>
          <h1 id="hero-heading" className="text-4xl font-extrabold leading-tight tracking-tight text-primary md:text-5xl">
            Learn or teach, live — with real impact.
          </h1>
          <p className="max-w-prose text-lg text-ink-muted">
            PeerLearn pairs you with a mentor for a private live video session. Book a published session or ask a
            mentor for exactly the topic you need.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant="cta"
              size="lg"
              onClick={() => (session ? navigate(dashboardPath(session.user.role)) : selector.open())}
            >
              Get Started ➤
            </Button>
            <Link
              to="/sessions"
              onPointerDown={spawnRipple}
              className="lift relative inline-flex min-h-12 items-center overflow-hidden rounded-[var(--radius-control)] border border-line bg-surface px-6 text-lg font-semibold text-primary hover:border-accent"
            >
              Browse sessions
            </Link>
          </div>
        </div>
        <div className="glass aspect-[4/3] w-full rounded-[2rem] p-2">
          <HeroArt />
        </div>
      </div>
    </section>
  )
}

const STEPS: { title: string; text: string; icon: ReactNode; tip?: string }[] = [
  {
    title: 'Find your mentor',
    text: 'Browse live and upcoming sessions, or look for a mentor by domain and skill.',
    icon: <SearchIcon size={28} />,
  },
  {
    title: 'Book or request',
    text: 'Book a published session, or request a live session with your own topic, time and budget.',
    icon: <CalendarIcon size={28} />,
    tip: 'Paid sessions are charged in INR through Razorpay. If a mentor never turns up, you get a full refund.',
  },
  {
    title: 'Join the live room',
    text: 'Check your camera and mic, then meet your mentor over live video with chat, a shared whiteboard, screen sharing and the topic checklist. Afterwards, rate the session and keep its pack: transcript, whiteboard snapshots and files.',
    icon: <PlayIcon size={28} />,
    tip: 'One-to-one by default; a mentor may open a small group of up to 5 people. Recording happens only if everyone in the room agrees.',
  },
]

function HowItWorks() {
  return (
    <section aria-labelledby="how-heading" className="mx-auto max-w-6xl px-4 py-12">
      <h2 id="how-heading" className="text-3xl font-bold text-primary">
        How it works
      </h2>
      <ol className="mt-8 grid gap-6 md:grid-cols-3">
        {STEPS.map((step, i) => (
          <li key={step.title} className="lift glass relative rounded-[var(--radius-card)] p-6">
            <div className="flex items-center gap-3">
              <span className="inline-flex size-12 items-center justify-center rounded-full bg-primary text-white">
                {step.icon}
              </span>
              <span className="text-base font-semibold text-ink-muted">Step {i + 1}</span>
            </div>
            <h3 className="mt-4 flex items-center gap-1 text-xl font-bold text-ink">
              {step.title}
              {step.tip ? <InfoTip label={`About ${step.title.toLowerCase()}`} text={step.tip} /> : null}
            </h3>
            <p className="mt-2 text-base text-ink-muted">{step.text}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}

function MentorCta() {
  return (
    <section aria-labelledby="mentor-cta-heading" className="mx-auto max-w-6xl px-4 py-12">
      <div className="flex flex-col items-start gap-6 rounded-[2rem] bg-primary px-6 py-10 text-white md:flex-row md:items-center md:justify-between md:px-12">
        <div className="space-y-2">
          <h2 id="mentor-cta-heading" className="text-3xl font-bold">
            Share what you know
          </h2>
          <p className="max-w-prose text-lg text-white/90">
            Publish sessions, answer learners' requests, teach live and get paid in INR.
          </p>
        </div>
        <Link
          to="/signup/mentor"
          onPointerDown={spawnRipple}
          className="lift relative inline-flex min-h-12 shrink-0 items-center overflow-hidden rounded-[var(--radius-control)] bg-cta-strong px-6 text-lg font-semibold text-white hover:bg-cta-strong-hover"
        >
          Become a Mentor ➤
        </Link>
      </div>
    </section>
  )
}
