import { LandingPage } from '@/features/landing/components/landing-page'
import { LandingDiscover } from '@/features/marketplace/components/landing-discover'

/** The landing page with the marketplace's carousels composed in. */
export function LandingRoute() {
  return <LandingPage discover={<LandingDiscover />} />
}
