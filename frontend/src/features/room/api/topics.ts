import { api } from '@/lib/api-client'
import type { Topic } from './protocol'
import { roomPath } from './get-room'

/** PUT /rooms/{code}/topics/{index} (mentor): stored, then broadcast as a `topic` frame. */
export function setTopicCovered(roomCode: string, index: number, covered: boolean) {
  return api.put<Topic>(`${roomPath(roomCode)}/topics/${index}`, { covered })
}
