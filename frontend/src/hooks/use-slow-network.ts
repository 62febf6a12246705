import { useSyncExternalStore } from 'react'

/** Below this downlink (Mbit/s) the network counts as slow (spec 000 §6). */
export const SLOW_DOWNLINK_MBPS = 2

interface NetworkInformationLike extends EventTarget {
  downlink?: number
  effectiveType?: string
  saveData?: boolean
}

function connection(): NetworkInformationLike | undefined {
  return (navigator as Navigator & { connection?: NetworkInformationLike }).connection
}

export function isSlowNetwork(): boolean {
  const c = connection()
  if (!c) return false // Network Information API not available: assume fine
  if (typeof c.downlink === 'number' && c.downlink > 0 && c.downlink < SLOW_DOWNLINK_MBPS) return true
  return c.effectiveType === 'slow-2g' || c.effectiveType === '2g'
}

function subscribe(callback: () => void) {
  const c = connection()
  c?.addEventListener?.('change', callback)
  return () => c?.removeEventListener?.('change', callback)
}

export function useSlowNetwork(): boolean {
  return useSyncExternalStore(subscribe, isSlowNetwork, () => false)
}
