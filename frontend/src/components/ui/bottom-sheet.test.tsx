import { fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { BottomSheet } from './bottom-sheet'

/** A drag of `dy` px that takes `ms` milliseconds. */
function drag(el: Element, dy: number, ms = 400) {
  let now = 1_000_000
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => now)
  fireEvent.pointerDown(el, { clientX: 10, clientY: 100, pointerId: 1, pointerType: 'touch' })
  now += ms
  fireEvent.pointerMove(el, { clientX: 10, clientY: 100 + dy, pointerId: 1, pointerType: 'touch' })
  fireEvent.pointerUp(el, { clientX: 10, clientY: 100 + dy, pointerId: 1, pointerType: 'touch' })
  clock.mockRestore()
}

describe('BottomSheet', () => {
  it('is a labelled modal dialog with a progress indicator', () => {
    render(
      <BottomSheet open onClose={() => {}} title="Book session" progress={{ value: 2, max: 3, label: 'Booking' }}>
        <button type="button">Confirm ➤</button>
      </BottomSheet>,
    )
    const dialog = screen.getByRole('dialog', { name: 'Book session' })
    expect(dialog).toHaveAttribute('aria-modal', 'true')
    expect(screen.getByRole('progressbar', { name: 'Booking' })).toHaveAttribute('aria-valuenow', '2')
  })

  it('dismisses on a long swipe down or a quick flick, springs back on a short slow drag', () => {
    const onClose = vi.fn()
    render(
      <BottomSheet open onClose={onClose} title="Sheet">
        body
      </BottomSheet>,
    )
    const handle = screen.getByTestId('bottom-sheet-handle')
    drag(handle, 40)
    expect(onClose).not.toHaveBeenCalled()
    drag(handle, 160)
    expect(onClose).toHaveBeenCalledTimes(1)
    drag(handle, 50, 40) // fast flick
    expect(onClose).toHaveBeenCalledTimes(2)
  })

  it('closes with Escape and traps focus inside', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(
      <BottomSheet open onClose={onClose} title="Sheet">
        <button type="button">Inside</button>
      </BottomSheet>,
    )
    expect(screen.getByRole('dialog')).toContainElement(document.activeElement as HTMLElement)
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalled()
  })
})
