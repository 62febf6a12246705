import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { useSearchParamsUpdate } from './use-search-params-update'

function setup(path: string) {
  let router: ReturnType<typeof createMemoryRouter> | undefined
  const wrapper = ({ children }: { children: ReactNode }) => {
    router ??= createMemoryRouter([{ path: '*', element: children }], { initialEntries: [path] })
    return <RouterProvider router={router} />
  }
  const hook = renderHook(() => useSearchParamsUpdate(), { wrapper })
  return { hook, search: () => router!.state.location.search }
}

describe('useSearchParamsUpdate', () => {
  it('a second change before the first rendered keeps the first (the search term is not dropped)', () => {
    const { hook, search } = setup('/mentors?sort=top')
    act(() => {
      const update = hook.result.current[1]
      update((p) => p.set('q', 'ravi'))
      update((p) => p.set('domain', 'Design'))
    })
    expect(new URLSearchParams(search())).toEqual(new URLSearchParams('sort=top&q=ravi&domain=Design'))
    expect(hook.result.current[0].get('q')).toBe('ravi')
  })

  it('after a navigation from elsewhere, starts from what the page shows', () => {
    const { hook, search } = setup('/mentors')
    act(() => hook.result.current[1]((p) => p.set('q', 'ravi')))
    act(() => hook.result.current[1]((p) => p.delete('q')))
    act(() => hook.result.current[1]((p) => p.set('domain', 'Design')))
    expect(search()).toBe('?domain=Design')
  })
})
