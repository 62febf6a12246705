import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDebouncedFilter } from './use-debounced-filter'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setup(initial = '') {
  const commits: string[] = []
  const hook = renderHook(({ value }) => useDebouncedFilter(value, (v) => commits.push(v)), { initialProps: { value: initial } })
  return { hook, commits }
}

describe('useDebouncedFilter', () => {
  it('commits once typing pauses', () => {
    const { hook, commits } = setup()
    act(() => hook.result.current[1]('ravi'))
    act(() => void vi.advanceTimersByTime(349))
    expect(commits).toEqual([])
    act(() => void vi.advanceTimersByTime(1))
    expect(commits).toEqual(['ravi'])
  })

  it('keeps what was typed after a commit when that commit comes back late', () => {
    const { hook, commits } = setup()
    act(() => hook.result.current[1]('rav'))
    act(() => void vi.advanceTimersByTime(350)) // a pause: "rav" goes to the URL…
    expect(commits).toEqual(['rav'])
    act(() => hook.result.current[1]('ravi')) // …while the user types on
    hook.rerender({ value: 'rav' }) // the URL now says "rav": our own echo
    expect(hook.result.current[0]).toBe('ravi')
    act(() => void vi.advanceTimersByTime(350))
    expect(commits).toEqual(['rav', 'ravi'])
  })

  it('follows a change made elsewhere (Clear filters, the back button)', () => {
    const { hook, commits } = setup('ravi')
    hook.rerender({ value: '' })
    expect(hook.result.current[0]).toBe('')
    act(() => void vi.advanceTimersByTime(1000))
    expect(commits).toEqual([])
  })
})
