import { fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ControlButton } from './control-button'

const tip = () => screen.getByRole('tooltip', { hidden: true })

describe('control button tooltip', () => {
  it('shows on mouse hover and keyboard focus, names the shortcut, and not on a touch', async () => {
    render(
      <ControlButton label="Chat" shortcut="C" onClick={vi.fn()}>
        <span>c</span>
      </ControlButton>,
    )
    const button = screen.getByRole('button', { name: 'Chat' })
    expect(button).toHaveAttribute('aria-keyshortcuts', 'C')
    expect(tip()).not.toBeVisible()
    fireEvent.pointerEnter(button, { pointerType: 'touch' })
    expect(tip()).not.toBeVisible()
    fireEvent.pointerEnter(button, { pointerType: 'mouse' })
    expect(tip()).toBeVisible()
    fireEvent.pointerLeave(button, { pointerType: 'mouse' })
    expect(tip()).not.toBeVisible()
    await userEvent.tab()
    expect(button).toHaveFocus()
    expect(tip()).toBeVisible()
  })
})
