import { useQuery } from '@tanstack/react-query'
import { api, ApiError } from '@/lib/api-client'
import type { PageOut, RecordingOut, RecordingState } from './protocol'
import { roomPath } from './get-room'

/** POST …/recording/ask — any participant; everyone else is asked to accept. */
export const askRecording = (roomCode: string) => api.post<RecordingState>(`${roomPath(roomCode)}/recording/ask`, {})
/** POST …/recording/answer {accept}. */
export const answerRecording = (roomCode: string, accept: boolean) =>
  api.post<RecordingState>(`${roomPath(roomCode)}/recording/answer`, { accept })
/** POST …/recording/stop. */
export const stopRecording = (roomCode: string) => api.post<RecordingState>(`${roomPath(roomCode)}/recording/stop`, {})

/** The mentor's side of a multipart upload: start, one presigned URL per part, complete. */
export const recordingUpload = {
  start: (roomCode: string) =>
    api.post<{ recording_id: string; upload_id: string }>(`${roomPath(roomCode)}/recordings`, { content_type: 'video/webm' }),
  partUrl: (roomCode: string, recordingId: string, partNumber: number) =>
    api.post<{ url: string; expires_in: number }>(`${roomPath(roomCode)}/recordings/${encodeURIComponent(recordingId)}/parts`, {
      part_number: partNumber,
    }),
  complete: (roomCode: string, recordingId: string, parts: { part_number: number; etag: string }[]) =>
    api.post<RecordingOut>(`${roomPath(roomCode)}/recordings/${encodeURIComponent(recordingId)}/complete`, { parts }),
}

/** PUT one part to its presigned URL; answers the part's ETag (S3 must expose it through CORS). */
export async function putPart(url: string, body: Blob): Promise<string> {
  let res: Response
  try {
    res = await globalThis.fetch(url, { method: 'PUT', body })
  } catch {
    throw new ApiError(0, { error: 'network_error', message: 'The recording could not reach storage.' })
  }
  if (!res.ok) throw new ApiError(res.status, { error: 'upload_failed', message: 'Storage refused a part of the recording.' })
  return res.headers.get('ETag') ?? res.headers.get('etag') ?? ''
}

export function useRecordings(roomCode: string, enabled = true) {
  return useQuery({
    queryKey: ['rooms', roomCode, 'recordings'],
    queryFn: ({ signal }) => api.get<PageOut<RecordingOut>>(`${roomPath(roomCode)}/recordings`, { signal }),
    enabled,
    refetchInterval: 4 * 60_000,
  })
}
