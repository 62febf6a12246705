import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { EmailField } from './email-field'

function Harness() {
  const [value, setValue] = useState('')
  return <EmailField value={value} onChange={setValue} knownDomains={['gmail.com']} />
}

describe('EmailField typo hint', () => {
  it('offers "Did you mean gmail.com?" for gmial.com and applies it in one click', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByLabelText('Email')
    await user.type(input, 'asha@gmial.com')
    const fix = screen.getByRole('button', { name: 'Did you mean gmail.com?' })
    await user.click(fix)
    expect(input).toHaveValue('asha@gmail.com')
    expect(screen.queryByRole('button', { name: /did you mean/i })).not.toBeInTheDocument()
  })

  it('shows no hint for a correct address', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    await user.type(screen.getByLabelText('Email'), 'asha@gmail.com')
    expect(screen.queryByRole('button', { name: /did you mean/i })).not.toBeInTheDocument()
  })
})
