import { usePageTitle } from '@/hooks/use-page-title'
import { checkUpload } from '@/lib/uploads'
import { LEARNER_INITIAL, LEARNER_STEPS, validateLearner, type LearnerValues } from './learner-steps'
import { SignupWizard } from './signup-wizard'

export function LearnerSignupPage() {
  usePageTitle('Join as a learner')
  return (
    <SignupWizard<LearnerValues>
      role="learner"
      heading="Create your learner account"
      intro="Four short steps. Your progress is saved on this device as you go."
      steps={LEARNER_STEPS}
      initialValues={LEARNER_INITIAL}
      validate={validateLearner}
      checkFile={checkUpload}
      toInput={(v, timezone) => ({
        role: 'learner',
        name: v.name.trim(),
        email: v.email.trim(),
        password: v.password,
        timezone,
        profile: { interests: v.interests, categories: v.categories, career_goal: v.career_goal.trim() },
      })}
    />
  )
}
