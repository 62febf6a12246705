import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useRealtimeClient } from '@/lib/realtime-hub'
import { fetchIceServers } from '../api/get-room'
import { fetchChatHistory, fetchWhiteboard } from '../api/history'
import { CallEngine } from '../lib/call-engine'
import { RoomController } from '../lib/room-controller'

export interface RoomCallMe {
  user_id: string
  name: string
  role: 'mentor' | 'learner'
}

/**
 * One call for this room while the component is mounted: a CallEngine (the
 * mesh) and a RoomController riding on the app's shared WebSocket. `active`
 * false (the pre-join screen) builds nothing.
 */
export function useRoomCall(roomCode: string, me: RoomCallMe, active: boolean, localStream: MediaStream | null, wanted: { audio: boolean; video: boolean }) {
  const client = useRealtimeClient()
  const queryClient = useQueryClient()
  const [parts, setParts] = useState<{ engine: CallEngine; controller: RoomController } | null>(null)
  const clientRef = useRef(client)
  clientRef.current = client

  useEffect(() => {
    if (!active) return
    const engine = new CallEngine({
      send: (frame) => controller.send(frame),
      getConfig: async () => {
        const ice = await fetchIceServers(queryClient, roomCode)
        const iceServers: RTCIceServer[] = ice.ice_servers.map((server) => ({
          urls: server.urls,
          ...(server.username ? { username: server.username } : {}),
          ...(server.credential ? { credential: server.credential } : {}),
        }))
        return { iceServers, iceTransportPolicy: ice.ice_transport_policy === 'relay' ? 'relay' : 'all' }
      },
      onError: (where, err) => {
        if (import.meta.env.DEV) console.warn(`[room] ${where}`, err)
      },
    })
    const controller = new RoomController({
      roomCode,
      me,
      engine,
      loadChat: () => fetchChatHistory(roomCode),
      loadBoard: () => fetchWhiteboard(roomCode),
    })
    engine.setLocalStream(localStream, wanted)
    engine.prepare()
    // Join from this effect when the line is up: waiting for the re-render below costs a frame of the
    // whole call view on a slow phone (the effect below still attaches a client that arrives later).
    if (clientRef.current) controller.attach(clientRef.current)
    setParts({ engine, controller })
    // Exposed for the browser tests and the benchmark (inbound bytes, states); read-only use.
    ;(window as unknown as { __peerlearnRoom?: unknown }).__peerlearnRoom = { engine, controller }
    return () => {
      controller.dispose()
      engine.dispose()
      for (const t of localStream?.getTracks() ?? []) t.stop()
      setParts(null)
    }
    // `me`, `wanted` are read once when the call starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, roomCode, localStream])

  useEffect(() => {
    if (parts && client) parts.controller.attach(client)
  }, [parts, client])

  return parts
}

const EMPTY_SUBSCRIBE = () => () => {}

export function useCallSnapshot(engine: CallEngine | undefined) {
  return useSyncExternalStore(engine?.subscribe ?? EMPTY_SUBSCRIBE, () => engine?.getSnapshot() ?? null)
}

export function useRoomSnapshot(controller: RoomController | undefined) {
  return useSyncExternalStore(controller?.subscribe ?? EMPTY_SUBSCRIBE, () => controller?.getSnapshot() ?? null)
}
