import { TextField } from '@/components/form/field'
import { FileField } from '@/components/form/file-field'
import { TagInput } from '@/components/form/tag-input'
import { InfoTip } from '@/components/ui/tooltip'
import { UPLOAD_RULES } from '@/lib/uploads'
import {
  validateEmail,
  validateList,
  validateName,
  validatePassword,
  validateText,
} from '@/lib/validation'
import { BasicInfoStep } from './basic-info-step'
import { CategoryPicker } from '@/components/form/category-picker'
import type { Errors, WizardStep } from './signup-wizard'

export interface LearnerValues {
  name: string
  email: string
  password: string
  interests: string[]
  categories: string[]
  career_goal: string
}

export const LEARNER_INITIAL: LearnerValues = {
  name: '',
  email: '',
  password: '',
  interests: [],
  categories: [],
  career_goal: '',
}

export function validateLearner(v: LearnerValues): Errors<LearnerValues> {
  return {
    name: validateName(v.name),
    email: validateEmail(v.email),
    password: validatePassword(v.password),
    interests: validateList(v.interests, 1, 20, 'interest'),
    categories: v.categories.length > 20 ? 'Pick at most 20 categories.' : null,
    career_goal: validateText(v.career_goal, 100, true, 'career goal'),
  }
}

const CAREER_GOAL_IDEAS = ['Get my first developer job', 'Crack a data science interview', 'Become an AI engineer']

export const LEARNER_STEPS: WizardStep<LearnerValues>[] = [
  {
    id: 'basic',
    title: 'Basic info',
    short: 'Basics',
    fields: ['name', 'email', 'password'],
    render: (api) => <BasicInfoStep api={api} />,
  },
  {
    id: 'interests',
    title: 'Interests & categories',
    short: 'Interests',
    fields: ['interests', 'categories'],
    render: (api) => (
      <div className="space-y-6">
        <TagInput
          label="Interests"
          required
          max={20}
          values={api.values.interests}
          onChange={(v) => {
            api.set('interests', v)
            api.touch('interests')
          }}
          options={[...api.taxonomy.skills, ...api.taxonomy.categories]}
          placeholder="Type a skill or topic, e.g. Python"
          hint="Type and pick from the suggestions, or press Enter to add your own."
          error={api.error('interests')}
          labelAddon={
            <InfoTip label="Why we ask" text="We use your interests to recommend sessions and mentors that match." />
          }
        />
        <CategoryPicker
          options={api.taxonomy.categories}
          values={api.values.categories}
          onChange={(v) => api.set('categories', v)}
          error={api.error('categories')}
        />
      </div>
    ),
  },
  {
    id: 'goal',
    title: 'Career goal',
    short: 'Goal',
    fields: ['career_goal'],
    render: (api) => (
      <div className="space-y-3">
        <TextField
          label="Career goal"
          required
          maxLength={100}
          list="career-goal-ideas"
          value={api.values.career_goal}
          onChange={(e) => api.set('career_goal', e.target.value)}
          onBlur={() => api.touch('career_goal')}
          error={api.error('career_goal')}
          hint="One line is enough, e.g. “Become an AI engineer”."
        />
        <datalist id="career-goal-ideas">
          {CAREER_GOAL_IDEAS.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
      </div>
    ),
  },
  {
    id: 'picture',
    title: 'Profile picture',
    short: 'Picture',
    fields: [],
    render: (api) => (
      <div className="space-y-3">
        <FileField
          label="Profile picture"
          kind="image"
          accept={UPLOAD_RULES.avatar.types.join(',')}
          file={api.files.avatar ?? null}
          onChange={(f) => api.setFile('avatar', f)}
          error={api.fileErrors.avatar}
          hint={`Optional. ${UPLOAD_RULES.avatar.label}. It is uploaded once your email is verified.`}
        />
      </div>
    ),
  },
]
