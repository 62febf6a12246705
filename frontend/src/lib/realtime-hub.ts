// Where the app's one RealtimeClient is published for the features that ride
// on it (the video room) — shared code, so no feature imports another.
import { useSyncExternalStore } from 'react'
import type { RealtimeClient, RealtimeStatus } from './ws-client'

let current: RealtimeClient | null = null
const subscribers = new Set<() => void>()

function subscribe(callback: () => void) {
  subscribers.add(callback)
  return () => {
    subscribers.delete(callback)
  }
}

/** The notifications bridge sets its client here on start and clears it on stop. */
export function publishRealtimeClient(client: RealtimeClient | null) {
  if (current === client) return
  current = client
  for (const callback of [...subscribers]) callback()
}

export function currentRealtimeClient(): RealtimeClient | null {
  return current
}

/** The shared client, or null while signed out or when realtime is off. */
export function useRealtimeClient(): RealtimeClient | null {
  return useSyncExternalStore(subscribe, currentRealtimeClient, () => null)
}

function subscribeStatus(callback: () => void) {
  let detach = current?.addListener({ onStatus: callback })
  const unhub = subscribe(() => {
    detach?.()
    detach = current?.addListener({ onStatus: callback })
    callback()
  })
  return () => {
    detach?.()
    unhub()
  }
}

/** The shared socket's status ('idle' when there is none). */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(subscribeStatus, () => current?.status ?? 'idle', () => 'idle')
}
