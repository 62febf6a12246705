import { useState, type FormEvent } from 'react'
import { errorMessage } from '@/lib/api-client'
import type { Booking } from '@/lib/marketplace-types'
import { showToast } from '@/lib/toast'
import { SelectField } from '@/components/form/select-field'
import { TextAreaField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { FormAlert } from '@/components/ui/form-alert'
import { Modal } from '@/components/ui/modal'
import { useReportProblem, type ProblemReason } from '../api/learner-activity'

const REASONS: { value: ProblemReason; label: string }[] = [
  { value: 'ended_early', label: 'The session ended early' },
  { value: 'mentor_absent', label: "The mentor didn't show up or left" },
  { value: 'quality', label: 'Audio, video or connection problems' },
  { value: 'not_as_described', label: "The session wasn't what was described" },
  { value: 'conduct', label: 'Inappropriate behaviour' },
  { value: 'other', label: 'Something else' },
]

/**
 * "Report a problem" with a session that ended, within 24 hours: the report is
 * stored and the mentor's earning stays on hold until PeerLearn support decides.
 */
export function ReportProblemDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const report = useReportProblem()
  const [reason, setReason] = useState<ProblemReason | ''>(booking.ended_early ? 'ended_early' : '')
  const [details, setDetails] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [submitted, setSubmitted] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!reason) return
    setProblem(null)
    try {
      await report.mutateAsync({ id: booking.booking_id, reason, details })
      showToast('Problem reported ✔', { tone: 'success', detail: 'Support will review it; the payment is on hold meanwhile.' })
      onClose()
    } catch (err) {
      setProblem(errorMessage(err))
    }
  }

  return (
    <Modal open onClose={onClose} title="Report a problem" description={booking.session.title} className="max-w-lg">
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4">
        <p className="text-base text-ink">
          Tell us what went wrong. The mentor isn't paid for this booking until PeerLearn support has reviewed your report.
        </p>
        <SelectField
          label="What happened?"
          placeholder="Choose a reason"
          options={REASONS}
          value={reason}
          onChange={(e) => setReason(e.target.value as ProblemReason | '')}
          error={submitted && !reason ? 'Choose what happened.' : null}
          required
        />
        <TextAreaField label="Details (optional)" value={details} maxLength={2000} rows={4} onChange={(e) => setDetails(e.target.value)} />
        <FormAlert>{problem}</FormAlert>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Not now
          </Button>
          <Button type="submit" variant="danger" loading={report.isPending}>
            Send report
          </Button>
        </div>
      </form>
    </Modal>
  )
}
