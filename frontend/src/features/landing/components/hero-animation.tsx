// Loaded lazily (its own chunk together with lottie-web's light build), so the
// ~50 KB gzip engine never weighs on the initial bundle; and only once the
// page is loaded and idle (useDeferredHero), never on reduced motion or Save-Data.
import { useMemo, useRef } from 'react'
import { LottieLight, type LottieHandle } from 'lottie-react'
import animation from '../assets/hero-animation.json'

/**
 * Plays once, at the animation's own 30 fps (no sub-frames at the display's
 * refresh rate), then rests on its last frame: a looping SVG animation kept a
 * phone's main thread busy for seconds after load (issue 11, item 19).
 */
export default function HeroAnimation({ onReady }: { onReady?: () => void }) {
  const handle = useRef<LottieHandle>(null)
  const subscriptions = useMemo(
    () => ({
      ready: () => {
        handle.current?.animationItem?.setSubframe(false)
        onReady?.()
      },
    }),
    [onReady],
  )
  return (
    <LottieLight
      src={animation}
      loop={false}
      autoplay
      lottieRef={handle}
      subscriptions={subscriptions}
      className="h-full w-full"
      aria-hidden="true"
      data-testid="hero-animation"
    />
  )
}
