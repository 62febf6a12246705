import { createContext } from 'react'
import type { WebSocketFactory } from '@/lib/ws-client'

/** Lets tests swap the browser WebSocket for a fake (or turn realtime off). */
export const RealtimeConfigContext = createContext<{ enabled: boolean; createSocket?: WebSocketFactory }>({
  enabled: true,
})
