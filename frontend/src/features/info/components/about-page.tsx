import { Link } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'

export function AboutPage() {
  usePageTitle('About')
  return (
    <article className="mx-auto max-w-3xl space-y-5 px-4 py-10 text-lg text-ink">
      <h1 className="text-3xl font-extrabold text-primary">About PeerLearn</h1>
      <p>
        PeerLearn is a marketplace for live, one-to-one learning. Learners book sessions that mentors publish, or ask a
        mentor for a session on exactly the topic they need. Sessions happen in a private video room — one-to-one, or a
        small group of up to five — with chat, a shared whiteboard, screen sharing and the session's topic checklist.
        Recording is optional and starts only when everyone in the room agrees.
      </p>
      <p>
        When the session ends, learners rate it, and both sides keep an after-session pack: the topics covered, the chat
        transcript, whiteboard snapshots, shared files, the recording if there is one, and who attended when.
      </p>
      <p>
        Prices are in Indian rupees and payments go through Razorpay. Every number you see on PeerLearn — ratings,
        counts, live viewers — comes from real recorded data. Where there is nothing yet, we say so.
      </p>
      <p>
        <Link to="/signup/learner" className="font-semibold text-primary underline underline-offset-4">
          Start learning
        </Link>{' '}
        or{' '}
        <Link to="/signup/mentor" className="font-semibold text-primary underline underline-offset-4">
          start teaching
        </Link>
        .
      </p>
    </article>
  )
}
