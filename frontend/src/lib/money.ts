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
