// The live room's shapes. The REST ones are the generated OpenAPI schema's (lib/api-schema.gen.ts,
// from chalicelib/rooms/schemas.py); the WebSocket frames below are the room protocol's
// (docs/room-protocol.md, served by chalicelib/rooms/signaling.py), which OpenAPI does not describe.
import type { components } from '@/lib/api-schema.gen'

type S = components['schemas']

export type RoomRole = S['RoomOut']['role']

export interface MediaState {
  audio: boolean
  video: boolean
  screen: boolean
}

export type Topic = S['TopicOut']
export type RecordingState = S['RecordingStateOut']
export type RecordingStatus = RecordingState['status']
export type RoomState = S['RoomStateOut']
export type RoomParticipantOut = S['ParticipantOut']
/** GET /rooms/{room_code}. */
export type RoomOut = S['RoomOut']
export type IceServersOut = S['IceServersOut']
export type ChatMessageOut = S['ChatMessageOut']

export type Point = [number, number]

export type WhiteboardOp =
  | { op: 'stroke'; id: string; tool: 'pen' | 'eraser'; color: string; width: number; points: Point[] }
  | { op: 'undo'; id: string }
  | { op: 'clear' }

/** The server stores only ops it validated (rooms' WhiteboardIn), so a batch's ops are WhiteboardOps. */
export type WhiteboardBatchOut = Omit<S['WhiteboardBatchOut'], 'ops'> & { ops: WhiteboardOp[] }

export interface PageOut<T> {
  items: T[]
  next_cursor: string | null
}

export type ResourceKind = S['ResourceOut']['kind']
export type ResourceOut = S['ResourceOut']
export type PresignedPostOut = S['ResourceUploadOut']
export type RecordingOut = S['RecordingOut']
export type FeedbackOut = S['FeedbackOut']
export type AttendanceOut = S['AttendeeOut']
export type PackOut = S['PackOut']

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
  | 'join_conflict'
  | 'internal_error'
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
  | { type: 'error'; error: RoomErrorCode | string; message?: string; ref_type?: string; ref_id?: string; retry_after_ms?: number; opens_at?: string }
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
