import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { TagInput } from './tag-input'

const SKILLS = ['Python', 'PyTorch', 'JavaScript', 'SQL']

function Harness({ initial = [] as string[], max }: { initial?: string[]; max?: number }) {
  const [values, setValues] = useState(initial)
  return (
    <>
      <TagInput label="Skills" values={values} onChange={setValues} options={SKILLS} max={max} />
      <output data-testid="values">{values.join('|')}</output>
    </>
  )
}

describe('TagInput autocomplete', () => {
  it('suggests "Python" for "Pyth" and adds it on click', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByRole('combobox', { name: 'Skills' })
    await user.type(input, 'Pyth')
    expect(input).toHaveAttribute('aria-expanded', 'true')
    const listbox = screen.getByRole('listbox')
    await user.click(within(listbox).getByRole('option', { name: 'Python' }))
    expect(screen.getByTestId('values')).toHaveTextContent('Python')
    expect(input).toHaveValue('')
    expect(screen.getByRole('button', { name: 'Remove Python' })).toBeInTheDocument()
  })

  it('is keyboard driven: ↓ then Enter picks the highlighted option', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByRole('combobox', { name: 'Skills' })
    await user.type(input, 'py')
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(input.getAttribute('aria-activedescendant')).toBeTruthy()
    await user.keyboard('{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent('PyTorch')
  })

  it('autocorrects a typo ("Pyhton" → "Python") and keeps unknown skills as typed', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByRole('combobox', { name: 'Skills' })
    await user.type(input, 'Pyhton{Escape}{Enter}')
    await user.type(input, 'Rust{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent('Python|Rust')
  })

  it('removes the last value with Backspace and refuses duplicates and overflow', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['SQL']} max={2} />)
    const input = screen.getByRole('combobox', { name: 'Skills' })
    await user.type(input, 'sql{Escape}{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent(/^SQL$/)
    await user.type(input, 'Python{Escape}{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent('SQL|Python')
    expect(input).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Remove Python' }))
    await user.click(input)
    await user.keyboard('{Backspace}')
    expect(screen.getByTestId('values')).toHaveTextContent(/^$/)
  })
})

const CATEGORIES = ['Programming', 'Data Science', 'Design', 'Mathematics']

function StrictHarness() {
  const [values, setValues] = useState<string[]>([])
  return (
    <>
      <TagInput label="Domains" values={values} onChange={setValues} options={CATEGORIES} strict />
      <output data-testid="values">{values.join('|')}</output>
    </>
  )
}

describe('TagInput strict (domains from the taxonomy)', () => {
  it('"Data" + Enter commits the highlighted "Data Science", not the raw text', async () => {
    const user = userEvent.setup()
    render(<StrictHarness />)
    const input = screen.getByRole('combobox', { name: 'Domains' })
    await user.type(input, 'Data')
    const highlighted = screen.getByRole('option', { name: 'Data Science' })
    expect(highlighted).toHaveAttribute('aria-selected', 'true')
    expect(input).toHaveAttribute('aria-activedescendant', highlighted.id)
    await user.keyboard('{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent(/^Data Science$/)
  })

  it('text that names no category is refused with a message and adds nothing', async () => {
    const user = userEvent.setup()
    render(<StrictHarness />)
    const input = screen.getByRole('combobox', { name: 'Domains' })
    await user.type(input, 'Basket weaving{Enter}')
    expect(screen.getByTestId('values')).toHaveTextContent(/^$/)
    expect(screen.getByText('“Basket weaving” isn\'t in the list. Choose one of the suggestions.', { selector: 'p:not(.sr-only)' })).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
  })
})
