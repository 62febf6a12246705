// Loaded lazily (its own chunk together with lottie-web's light build), so the
// ~50 KB gzip engine never weighs on the initial bundle; and only once the
// page is loaded and idle (useDeferredHero), never on reduced motion or Save-Data.
import { useMemo } from 'react'
import { LottieLight } from 'lottie-react'
import animation from '../assets/hero-animation.json'

export default function HeroAnimation({ onReady }: { onReady?: () => void }) {
  const subscriptions = useMemo(() => (onReady ? { ready: onReady } : undefined), [onReady])
  return (
    <LottieLight
      src={animation}
      loop
      autoplay
      subscriptions={subscriptions}
      className="h-full w-full"
      aria-hidden="true"
      data-testid="hero-animation"
    />
  )
}
