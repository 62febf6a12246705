import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeSession } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

const session = makeSession({ title: 'Master Algebra', status: 'completed', room_code: 'room-abc' })
const file = (id: string, kind: 'file' | 'whiteboard', filename: string) => ({
  resource_id: id,
  filename,
  content_type: kind === 'whiteboard' ? 'image/png' : 'application/pdf',
  size_bytes: 2048,
  kind,
  uploaded_at: '2026-12-01T10:30:00Z',
  download_url: `https://s3.test/${id}`,
})

describe('after-session pack', () => {
  it('shows topics covered, the transcript as text, snapshots, files, the recording and attendance', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /rooms/room-abc/pack': () => ({
        session,
        topics: [
          { index: 0, title: 'Linear equations', covered: true, covered_at: '2026-12-01T10:10:00Z' },
          { index: 1, title: 'Quadratics', covered: false, covered_at: null },
        ],
        chat: [{ message_id: 'm1', sender_id: 'mentor-1', sender_name: 'Ravi Kumar', sender_role: 'mentor', text: '<script>x</script> Welcome', sent_at: '2026-12-01T10:01:00Z', client_id: 'c1' }],
        chat_next_cursor: null,
        snapshots: [file('w1', 'whiteboard', 'whiteboard-1.png')],
        resources: [file('f1', 'file', 'notes.pdf')],
        recordings: [{ recording_id: 'r1', content_type: 'video/webm', size_bytes: 3 * 1024 * 1024, status: 'ready', uploaded_at: '2026-12-01T11:00:00Z', download_url: 'https://s3.test/r1' }],
        attendance: [{ user_id: 'learner-1', name: 'Asha', role: 'learner', intervals: [{ joined_at: '2026-12-01T10:00:00Z', left_at: '2026-12-01T11:00:00Z' }], total_seconds: 3600 }],
      }),
    })
    renderApp('/session/room-abc/pack')
    expect(await screen.findByRole('heading', { level: 1, name: 'Master Algebra' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText('1 of 2 covered')).toBeInTheDocument()
    const chat = screen.getByRole('region', { name: 'Chat transcript' })
    expect(within(chat).getByTestId('chat-text')).toHaveTextContent('<script>x</script> Welcome')
    expect(screen.getByRole('img', { name: 'Whiteboard snapshot whiteboard-1.png' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'notes.pdf' })).toHaveAttribute('href', 'https://s3.test/f1')
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', 'https://s3.test/r1')
    expect(within(screen.getByRole('region', { name: 'Attendance' })).getByText(/Asha/)).toHaveTextContent('60 min')
  })

  it('before the end: "The pack is not ready yet"', async () => {
    signIn('learner')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner'), 'GET /rooms/room-abc/pack': () => apiError(409, 'not_finished') })
    renderApp('/session/room-abc/pack')
    expect(await screen.findByText('The pack is not ready yet', {}, { timeout: 5000 })).toBeInTheDocument()
  })
})
