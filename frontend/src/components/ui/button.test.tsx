import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { Button } from './button'

describe('Button', () => {
  it('turns a double click into one action', async () => {
    const user = userEvent.setup()
    const onClick = vi.fn()
    render(<Button onClick={onClick}>Mark all read</Button>)
    await user.dblClick(screen.getByRole('button', { name: 'Mark all read' }))
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('ignores clicks while loading and keeps its accessible name', async () => {
    const user = userEvent.setup()
    const onClick = vi.fn()
    render(
      <Button loading onClick={onClick}>
        Verify
      </Button>,
    )
    const button = screen.getByRole('button', { name: 'Verify' })
    expect(button).toHaveAttribute('aria-busy', 'true')
    await user.click(button)
    expect(onClick).not.toHaveBeenCalled()
  })

  it('adds a ripple where the pointer went down', async () => {
    const user = userEvent.setup()
    render(<Button>Next</Button>)
    const button = screen.getByRole('button', { name: 'Next' })
    await user.pointer({ keys: '[MouseLeft>]', target: button })
    expect(button.querySelector('.animate-ripple')).not.toBeNull()
  })
})
