import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { Profiler } from 'react'
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

describe('QueryStatus defer', () => {
  type Q = { data: string[] | undefined; isPending: boolean; isError: boolean; isFetching: boolean; error: unknown; refetch: () => void }
  const pending: Q = { data: undefined, isPending: true, isError: false, isFetching: true, error: null, refetch: () => {} }
  const loaded = (data: string[]): Q => ({ ...pending, data, isPending: false, isFetching: false })

  /** Each commit, what the list showed then (null: the loading state). */
  function track() {
    const commits: (string | null)[] = []
    const shown: string[] = [] // what each render of the list showed
    const List = ({ query, defer }: { query: Q; defer: boolean }) => (
      <Profiler id="list" onRender={() => commits.push(shown.at(-1) ?? null)}>
        <QueryStatus query={query} defer={defer} label="Loading titles">
          {(data) => {
            shown.push(data.join(',') || 'empty')
            return data.length ? <ul>{data.map((t) => <li key={t}>{t}</li>)}</ul> : <p>Nothing yet</p>
          }}
        </QueryStatus>
      </Profiler>
    )
    return { commits, List }
  }

  it('renders a result in a background pass: the loading state (or the last result) stays until then', async () => {
    const { commits, List } = track()
    const { rerender } = render(<List query={pending} defer />)
    rerender(<List query={loaded(['Intro to SQL', 'Algebra'])} defer />)
    await screen.findByText('Intro to SQL')
    // mount; the urgent commit that brought the result, still loading; then the list
    expect(commits).toEqual([null, null, 'Intro to SQL,Algebra'])
    rerender(<List query={loaded(['Geometry'])} defer />)
    await screen.findByText('Geometry')
    expect(commits.slice(3)).toEqual(['Intro to SQL,Algebra', 'Geometry'])
    expect(commits).not.toContain('empty')
  })

  it('without defer the result renders in the same pass', () => {
    const { commits, List } = track()
    const { rerender } = render(<List query={pending} defer={false} />)
    rerender(<List query={loaded(['Intro to SQL'])} defer={false} />)
    expect(screen.getByText('Intro to SQL')).toBeInTheDocument()
    expect(commits).toEqual([null, 'Intro to SQL'])
  })
})
