import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Carousel } from './carousel'

const ITEMS = ['Algebra', 'Calculus', 'Geometry', 'Statistics']

function setup(items: string[] = ITEMS) {
  const user = userEvent.setup()
  render(
    <Carousel
      label="Live & Upcoming sessions"
      items={items}
      getKey={(s) => s}
      renderItem={(s) => <button type="button">Book {s}</button>}
    />,
  )
  const region = screen.getByRole('region', { name: 'Live & Upcoming sessions' })
  const slides = within(region).getAllByRole('group')
  const active = () => slides.findIndex((s) => s.getAttribute('aria-current') === 'true')
  return { user, region, slides, active }
}

describe('carousel', () => {
  it('is a labelled carousel of slides, the first one centred', () => {
    const { region, slides, active } = setup()
    expect(region).toHaveAttribute('aria-roledescription', 'carousel')
    expect(slides.map((s) => s.getAttribute('aria-label'))).toEqual(['1 of 4', '2 of 4', '3 of 4', '4 of 4'])
    expect(slides[0]).toHaveAttribute('aria-roledescription', 'slide')
    expect(active()).toBe(0)
    expect(slides[0]).toHaveClass('scale-100')
    expect(slides[1]).toHaveClass('scale-90')
    expect(screen.getByRole('button', { name: 'Previous slide' })).toBeDisabled()
  })

  it('side slides are scaled down but never faded: their text keeps its contrast', () => {
    // A 90 % opaque slide put the white "Book ➤" on #C73A18 at 4.46:1 (axe, Lighthouse a11y 96).
    const { slides } = setup()
    for (const slide of slides) expect(slide.className).not.toMatch(/(^|\s)opacity-/)
  })

  it('moves with the arrow keys, Home and End, taking focus along', async () => {
    const { user, active } = setup()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Book Algebra' })).toHaveFocus()
    await user.keyboard('{ArrowRight}')
    expect(active()).toBe(1)
    expect(screen.getByRole('button', { name: 'Book Calculus' })).toHaveFocus()
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}')
    expect(active()).toBe(3)
    expect(screen.getByRole('button', { name: 'Book Statistics' })).toHaveFocus()
    await user.keyboard('{ArrowLeft}')
    expect(active()).toBe(2)
    await user.keyboard('{Home}')
    expect(active()).toBe(0)
    await user.keyboard('{End}')
    expect(active()).toBe(3)
    expect(screen.getByText('Slide 4 of 4')).toBeInTheDocument()
  })

  it('arrow overlays step through and disable at the ends', async () => {
    const { user, active } = setup()
    const next = screen.getByRole('button', { name: 'Next slide' })
    for (let i = 0; i < 3; i++) await user.click(next)
    expect(active()).toBe(3)
    expect(next).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Previous slide' }))
    expect(active()).toBe(2)
  })

  describe('with layout (a 1200 px row of 320 px cards)', () => {
    const restore: Array<() => void> = []
    const stub = (prop: 'offsetWidth' | 'clientWidth', value: (el: HTMLElement) => number) => {
      const before = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop)
      Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get(this: HTMLElement) { return value(this) } })
      restore.push(() => (before ? Object.defineProperty(HTMLElement.prototype, prop, before) : delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop]))
    }
    const layout = () => {
      stub('offsetWidth', (el) => (el.getAttribute('aria-roledescription') === 'slide' ? 320 : 0))
      stub('clientWidth', (el) => (el.dataset.align ? 1200 : 0))
    }
    afterEach(() => restore.splice(0).forEach((r) => r()))

    it('aligns to the start while the row fits: every card full size, no arrows', () => {
      layout()
      const { region, slides } = setup(['Algebra', 'Calculus'])
      expect(region.querySelector('[data-align]')).toHaveAttribute('data-align', 'start')
      expect(slides[0]).toHaveClass('scale-100')
      expect(slides[1]).toHaveClass('scale-100')
      expect(screen.queryByRole('button', { name: 'Next slide' })).not.toBeInTheDocument()
    })

    it('centres once the row overflows', () => {
      layout()
      const { region, slides } = setup(['Algebra', 'Calculus', 'Geometry', 'Statistics'])
      expect(region.querySelector('[data-align]')).toHaveAttribute('data-align', 'center')
      expect(slides[1]).toHaveClass('scale-90')
      expect(screen.getByRole('button', { name: 'Next slide' })).toBeEnabled()
    })
  })
})
