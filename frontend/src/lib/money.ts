// Rupees typed by people → integer paise for the API (never a float amount).

/**
 * "500" → 50000, "1,250.5" → 125050, "" → null (empty), "abc" / "-3" /
 * "1.234" → NaN (invalid). At most two decimals.
 */
export function rupeesToPaise(text: string): number | null {
  const v = text.trim().replace(/[,\s₹]/g, '')
  if (!v) return null
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v)
  if (!m) return Number.NaN
  const rupees = Number(m[1])
  const paise = Number((m[2] ?? '').padEnd(2, '0'))
  return rupees * 100 + paise
}

/** 50000 → "500", 125050 → "1250.50" (for prefilling a rupee input). */
export function paiseToRupeesInput(paise: number): string {
  const rupees = Math.floor(paise / 100)
  const rest = paise % 100
  return rest ? `${rupees}.${String(rest).padStart(2, '0')}` : String(rupees)
}

/**
 * Validates a rupee amount typed by a person against a paise range; the
 * message reads as it should under the field. `paise` is the exact integer to
 * send (never a float), or null when the text is not a valid amount.
 */
export function checkRupees(
  text: string,
  { min, max, maxMessage }: { min: number; max?: number; maxMessage?: (max: number) => string },
): { paise: number | null; error: string | null } {
  const paise = rupeesToPaise(text)
  if (paise === null) return { paise: null, error: 'Enter an amount in ₹.' }
  if (Number.isNaN(paise)) {
    return { paise: null, error: /\.\d{3,}/.test(text) ? 'Use at most 2 decimals (paise).' : 'Enter an amount like 500 or 250.50.' }
  }
  if (paise < min) return { paise: null, error: `The minimum is ${formatPaise(min)}.` }
  if (max !== undefined && paise > max) {
    return { paise: null, error: maxMessage ? maxMessage(max) : `The maximum is ${formatPaise(max)}.` }
  }
  return { paise, error: null }
}

let grouping: Intl.NumberFormat | null = null // built once: Intl formatters are costly to make

/** Integer paise → "₹1,234.50" / "₹1,000" (en-IN grouping). */
export function formatPaise(paise: number): string {
  const rupees = Math.trunc(paise / 100)
  const rest = Math.abs(paise % 100)
  const sign = paise < 0 ? '-' : ''
  const grouped = (grouping ??= new Intl.NumberFormat('en-IN')).format(Math.abs(rupees))
  return `${sign}₹${grouped}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`
}
