// Loaded lazily (its own chunk together with lottie-web's light build), so the
// ~50 KB engine never weighs on the initial bundle.
import { LottieLight } from 'lottie-react'
import { useMediaQuery } from '@/hooks/use-media-query'
import animation from '../assets/hero-animation.json'

export default function HeroAnimation() {
  const reduceMotion = useMediaQuery('(prefers-reduced-motion: reduce)')
  return (
    <LottieLight
      src={animation}
      loop={!reduceMotion}
      autoplay={!reduceMotion}
      className="h-full w-full"
      aria-hidden="true"
      data-testid="hero-animation"
    />
  )
}
