import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { createQueryClient } from '@/lib/query-client'
import type { WebSocketFactory } from '@/lib/ws-client'
import { RealtimeConfigContext } from './realtime-context'

export function AppProvider({
  children,
  queryClient,
  realtime = { enabled: true },
}: {
  children: ReactNode
  queryClient?: QueryClient
  realtime?: { enabled: boolean; createSocket?: WebSocketFactory }
}) {
  const [client] = useState(() => queryClient ?? createQueryClient())
  return (
    <QueryClientProvider client={client}>
      <RealtimeConfigContext.Provider value={realtime}>{children}</RealtimeConfigContext.Provider>
    </QueryClientProvider>
  )
}
