// The live room's REST and WebSocket shapes, written by hand from
// docs/room-protocol.md (issue 9).
//
// TEMPORARY: the backend (chalicelib/rooms) is built in parallel and its
// routes are not in lib/api-schema.gen.ts yet. When they land, replace these
// with `S['…']` aliases from the generated schema (as lib/marketplace-types
// does) and delete what the schema covers. Keep the names: the rest of the
// room imports them from here.
import type { Session } from '@/lib/marketplace-types'

export type RoomRole = 'mentor' | 'learner'

export interface MediaState {
  audio: boolean
  video: boolean
  screen: boolean
}

export interface Topic {
  index: number
  title: string
  covered: boolean
  covered_at: string | null
}

export type RecordingStatus = 'off' | 'asked' | 'recording' | 'stopped'

export interface RecordingState {
  status: RecordingStatus
  asked_by: string | null
  accepted_by: string[]
}

export interface RoomState {
  topics: Topic[]
  recording: RecordingState
  call_started_at: string | null
  elapsed_seconds: number
  both_present: boolean
}

export interface RoomParticipantOut {
  user_id: string
  name: string
  role: RoomRole
}

/** GET /rooms/{room_code}. `booking_id` (the caller's, learners only) is an assumption: used for gifts when present. */
export interface RoomOut {
  room_code: string
  session: Session
  role: RoomRole
  participants: RoomParticipantOut[]
  opens_at: string
  ends_at: string
  state?: RoomState
  booking_id?: string | null
}

export interface IceServersOut {
  ice_servers: RTCIceServer[]
  expires_at: string
  ice_transport_policy: RTCIceTransportPolicy
}

export interface ChatMessageOut {
  message_id: string
  sender_id: string
  sender_name: string
  sender_role: RoomRole
  text: string
  sent_at: string
  client_id: string | null
}

export type Point = [number, number]

export type WhiteboardOp =
  | { op: 'stroke'; id: string; tool: 'pen' | 'eraser'; color: string; width: number; points: Point[] }
  | { op: 'undo'; id: string }
  | { op: 'clear' }

export interface WhiteboardBatchOut {
  seq: number
  sender_id: string
  ops: WhiteboardOp[]
  sent_at: string
}

export interface PageOut<T> {
  items: T[]
  next_cursor: string | null
}

export type ResourceKind = 'file' | 'whiteboard'

export interface ResourceOut {
  resource_id: string
  filename: string
  content_type: string
  size_bytes: number
  kind: ResourceKind
  uploaded_at: string | null
  download_url: string
}

export interface PresignedPostOut {
  resource_id: string
  url: string
  fields: Record<string, string>
  expires_in: number
}

export interface RecordingOut {
  recording_id: string
  status?: string
  size_bytes?: number
  created_at?: string
  completed_at?: string | null
  download_url?: string | null
}

export interface FeedbackOut {
  rating: number
  comment: string
  created_at?: string
}

export interface AttendanceOut {
  user_id: string
  name: string
  role: RoomRole
  intervals: { joined_at: string; left_at: string | null }[]
  total_seconds: number
}

export interface PackOut {
  session: Session
  topics: Topic[]
  chat: ChatMessageOut[]
  /** The pack holds the first 500 messages; the rest continue at GET …/chat?cursor=. */
  chat_next_cursor?: string | null
  snapshots: ResourceOut[]
  resources: ResourceOut[]
  recordings: RecordingOut[]
  attendance: AttendanceOut[] | { items: AttendanceOut[] }
}

export interface Peer {
  peer_id: string
  user_id: string
  name: string
  role: RoomRole
  media: MediaState
}

export type QualityLevel = 'good' | 'fair' | 'poor'

export type SignalPayload = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit | null }

/** On the wire a burst of trickled candidates may travel as one `candidates` frame (at most 32). */
export type SignalWire = SignalPayload | { candidates: RTCIceCandidateInit[] }

/** Client → server (the `action`/`room` envelope is added by sendRoomFrame). */
export type RoomClientFrame =
  | { type: 'join'; media?: MediaState }
  | { type: 'leave' }
  | ({ type: 'signal'; to: string } & SignalWire)
  | ({ type: 'media' } & MediaState)
  | { type: 'chat'; text: string; client_id: string }
  | { type: 'wb'; ops: WhiteboardOp[] }
  | { type: 'quality'; level: QualityLevel }

export type RoomErrorCode =
  | 'access_denied'
  | 'room_closed'
  | 'not_in_room'
  | 'too_large'
  | 'rate_limited'
  | 'bad_message'
  | 'unknown_peer'

/** Server → client. */
export type RoomServerFrame = { room?: string } & (
  | { type: 'room.joined'; you: string; peers: Peer[]; state: RoomState }
  | { type: 'peer.joined'; peer: Peer }
  | { type: 'peer.left'; peer: Peer }
  | ({ type: 'signal'; from: string } & Partial<{ description: RTCSessionDescriptionInit; candidate: RTCIceCandidateInit | null; candidates: RTCIceCandidateInit[] }>)
  | ({ type: 'media'; from: string } & MediaState)
  | { type: 'quality'; from: string; level: QualityLevel }
  | { type: 'chat'; message: ChatMessageOut }
  | { type: 'wb'; batch: WhiteboardBatchOut }
  | { type: 'topic'; topic: Topic }
  | { type: 'recording'; recording: RecordingState }
  | { type: 'gift'; amount_paise: number; from_user_id: string; from_name: string }
  | { type: 'presence'; both_present: boolean; call_started_at: string | null; elapsed_seconds: number }
  | { type: 'room.ended'; by: string | null; reason?: 'completed' | 'cancelled' }
  | { type: 'room.replaced' }
  | { type: 'error'; error: RoomErrorCode | string; message?: string; ref_type?: string; retry_after_ms?: number; opens_at?: string }
)

export const ROOM_FRAME_TYPES = new Set([
  'room.joined',
  'peer.joined',
  'peer.left',
  'signal',
  'media',
  'quality',
  'chat',
  'wb',
  'topic',
  'recording',
  'gift',
  'presence',
  'room.ended',
  'room.replaced',
])

/** Limits from the protocol, checked before sending. */
export const LIMITS = {
  maxPeers: 5,
  chatMaxChars: 2000,
  clientIdMaxChars: 40,
  wbBatchMaxBytes: 24 * 1024,
  signalMaxBytes: 16 * 1024,
  feedbackMaxChars: 2000,
  resourceMaxBytes: 25 * 1024 * 1024,
  whiteboardPngMaxBytes: 5 * 1024 * 1024,
  recordingPartMinBytes: 5 * 1024 * 1024,
} as const

export const RESOURCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  txt: 'text/plain',
  md: 'text/markdown',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
}
