import { usePageTitle } from '@/hooks/use-page-title'
import { checkUpload } from '@/lib/uploads'
import { MENTOR_INITIAL, MENTOR_STEPS, validateMentor, type MentorValues } from './mentor-steps'
import { SignupWizard } from './signup-wizard'

export function MentorSignupPage() {
  usePageTitle('Become a mentor')
  return (
    <SignupWizard<MentorValues>
      role="mentor"
      heading="Create your mentor account"
      intro="Five steps. Your progress is saved on this device as you go."
      steps={MENTOR_STEPS}
      initialValues={MENTOR_INITIAL}
      validate={validateMentor}
      checkFile={checkUpload}
      toInput={(v, timezone) => ({
        role: 'mentor',
        name: v.name.trim(),
        email: v.email.trim(),
        password: v.password,
        timezone,
        profile: {
          domains: v.domains,
          skills: v.skills,
          certifications: v.certifications,
          bio: v.bio.trim(),
          qualifications: v.qualifications.trim(),
        },
      })}
    />
  )
}
