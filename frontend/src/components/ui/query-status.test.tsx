import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { api } from '@/lib/api-client'
import { apiError, mockApi } from '@/testing/mock-api'
import { QueryStatus } from './query-status'

function Sessions() {
  const query = useQuery({ queryKey: ['sessions'], queryFn: () => api.get<{ titles: string[] }>('/sessions') })
  return (
    <QueryStatus query={query} what="sessions">
      {(data) => <ul>{data.titles.map((t) => <li key={t}>{t}</li>)}</ul>}
    </QueryStatus>
  )
}

function setup() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <Sessions />
    </QueryClientProvider>,
  )
  return client
}

describe('QueryStatus', () => {
  it('shows "Retry?" after the client gave up, and retries on click', async () => {
    const m = mockApi({
      'GET /sessions': [
        () => apiError(503, 'unavailable'),
        () => apiError(503, 'unavailable'),
        () => apiError(503, 'unavailable'),
        () => apiError(503, 'unavailable'),
        () => ({ titles: ['Intro to SQL'] }),
      ],
    })
    setup()
    const retry = await screen.findByRole('button', { name: 'Retry?' })
    expect(m.callsTo('GET /sessions')).toHaveLength(4)
    await userEvent.setup().click(retry)
    expect(await screen.findByText('Intro to SQL')).toBeInTheDocument()
  })

  it('keeps cached data on screen when a refetch fails', async () => {
    mockApi({
      'GET /sessions': [() => ({ titles: ['Intro to SQL'] }), () => apiError(503, 'unavailable')],
    })
    const client = setup()
    expect(await screen.findByText('Intro to SQL')).toBeInTheDocument()
    await client.refetchQueries({ queryKey: ['sessions'] })
    await waitFor(() => expect(screen.getByText(/Showing saved sessions/)).toBeInTheDocument())
    expect(screen.getByText('Intro to SQL')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Retry?' })).toBeInTheDocument()
  })
})
