import { useEffect, useMemo, useRef, useState } from 'react'
import { useNow } from '@/hooks/use-now'
import { errorMessage } from '@/lib/api-client'
import { cn } from '@/lib/cn'
import { formatPaise } from '@/lib/money'
import { formatClock } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { Button } from '@/components/ui/button'
import { ChatIcon, CloseIcon } from '@/components/ui/icons'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { useEndRoom } from '../api/get-room'
import type { RoomOut, Topic } from '../api/protocol'
import { answerRecording, askRecording, stopRecording } from '../api/recording'
import { uploadResource } from '../api/resources'
import { setTopicCovered } from '../api/topics'
import { useRecorder } from '../hooks/use-recorder'
import { useCallSnapshot, useRoomCall, useRoomSnapshot, type RoomCallMe } from '../hooks/use-room-call'
import { useShortcuts } from '../hooks/use-shortcuts'
import type { RemoteView } from '../lib/call-engine'
import { roomTimer } from '../lib/timer'
import { boardToPng } from '../lib/whiteboard'
import { ChatPanel } from './chat-panel'
import { ControlButton } from './control-button'
import type { JoinChoice } from './pre-join'
import { EndDialog, RoomGiftDialog } from './room-dialogs'
import { BoardIcon, CameraIcon, CameraOffIcon, GiftIcon, ListIcon, MicIcon, MicOffIcon, PhoneOffIcon, PinIcon, RecordIcon, ScreenIcon } from './room-icons'
import { TopicsPanel } from './topics-panel'
import { QualityBadge, VideoTile } from './video-tile'
import { WhiteboardPanel } from './whiteboard-panel'

type Panel = 'chat' | 'whiteboard' | 'topics' | null

export type CallOutcome = { kind: 'ended'; by: string } | { kind: 'left' } | { kind: 'replaced' } | { kind: 'denied' }

type CallProps = { room: RoomOut; me: RoomCallMe; choice: JoinChoice; onOutcome: (o: CallOutcome) => void }

/**
 * The live call. Its first commit is a light shell, so the effect that builds the call and sends
 * `join` runs at once after the click; the full view renders while the server answers the join.
 */
export function CallRoom(props: CallProps) {
  const { room, me, choice } = props
  const wanted = useMemo(() => ({ audio: choice.audio, video: choice.video }), [choice])
  const parts = useRoomCall(room.room_code, me, true, choice.stream, wanted)
  if (!parts) {
    return (
      <div aria-busy="true" className="fixed inset-0 z-[45] grid h-dvh place-items-center bg-ink text-white">
        <p className="text-base">Joining the room…</p>
      </div>
    )
  }
  return <CallView {...props} parts={parts} />
}

/** Header with the one timer, video panes, toolbar, and the chat / whiteboard / topics panel. */
function CallView({ room, me, choice, onOutcome, parts }: CallProps & { parts: NonNullable<ReturnType<typeof useRoomCall>> }) {
  const call = useCallSnapshot(parts.engine)
  const state = useRoomSnapshot(parts.controller)
  const now = useNow(1000)
  const [panel, setPanel] = useState<Panel>(null)
  const [pinSelf, setPinSelf] = useState(false)
  const [confirmEnd, setConfirmEnd] = useState(false)
  const [gift, setGift] = useState(false)
  const [topicBusy, setTopicBusy] = useState<number | null>(null)
  const [saving, setSaving] = useState(false)
  const endRoom = useEndRoom(room.room_code)
  const isMentor = room.role === 'mentor'
  const videos = useRef(new Map<string, HTMLVideoElement | null>())

  // Outcomes that leave the call view.
  useEffect(() => {
    if (!state) return
    if (state.status === 'ended') onOutcome({ kind: 'ended', by: state.endedBy ?? '' })
    else if (state.status === 'replaced') onOutcome({ kind: 'replaced' })
    else if (state.status === 'denied') onOutcome({ kind: 'denied' })
  }, [state, onOutcome])

  useEffect(() => {
    parts.controller.setChatOpen(panel === 'chat')
  }, [panel, parts])

  // Gifts: the mentor hears about every one; the learner who sent it sees it confirmed.
  const seenGifts = useRef(0)
  useEffect(() => {
    const gifts = state?.gifts ?? []
    for (const g of gifts.slice(seenGifts.current)) {
      if (isMentor) showToast(`${formatPaise(g.amount_paise)} gift received`, { tone: 'success', detail: `From ${g.from_name}. Thank you!` })
      else if (g.from_user_id === me.user_id) showToast(`${formatPaise(g.amount_paise)} sent ✔`, { tone: 'success', detail: `Your gift reached ${room.session.mentor.name}.` })
    }
    seenGifts.current = gifts.length
  }, [state?.gifts, isMentor, me.user_id, room.session.mentor.name])

  const recordingStatus = state?.recording.status ?? 'off'
  const recorder = useRecorder({
    roomCode: room.room_code,
    enabled: isMentor,
    status: recordingStatus,
    getVideos: () => ({
      remote: [...videos.current.entries()].filter(([k, v]) => k !== 'self' && v).map(([, v]) => v!),
      local: videos.current.get('self') ?? null,
    }),
    audioTracks: () => [
      ...(choice.stream?.getAudioTracks() ?? []),
      ...(call?.remotes.flatMap((r) => r.stream?.getAudioTracks() ?? []) ?? []),
    ],
  })

  const engine = parts.engine
  const controller = parts.controller
  const local = call?.local
  const remotes = call?.remotes ?? []
  // Learners look at the mentor first.
  const ordered = [...remotes].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'mentor' ? -1 : 1))
  const other = isMentor ? 'your learner' : 'the mentor'
  const timer = roomTimer({
    now,
    startsAt: Date.parse(room.session.starts_at),
    presence: state?.presence ?? null,
    ended: state?.status === 'ended',
    waitingFor: other,
  })

  const toggle = (p: Exclude<Panel, null>) => setPanel((cur) => (cur === p ? null : p))
  const shareScreen = async () => {
    if (!engine) return
    try {
      if (local?.media.screen) await engine.stopScreenShare()
      else await engine.startScreenShare()
    } catch (err) {
      const name = (err as { name?: string })?.name
      if (name !== 'NotAllowedError' && name !== 'AbortError') showToast('Screen sharing could not start.', { tone: 'error' })
    }
  }
  const leaveOrEnd = () => {
    if (isMentor) setConfirmEnd(true)
    else {
      controller?.leave()
      onOutcome({ kind: 'left' })
    }
  }
  const record = async () => {
    try {
      if (recordingStatus === 'recording') parts.controller.setRecording(await stopRecording(room.room_code))
      else if (recordingStatus === 'off' || recordingStatus === 'stopped') {
        parts.controller.setRecording(await askRecording(room.room_code))
        showToast('Asked to record', { tone: 'info', detail: 'Recording starts once everyone accepts.' })
      }
    } catch (err) {
      showToast(errorMessage(err, 'Could not change the recording.'), { tone: 'error' })
    }
  }
  const toggleTopic = async (t: Topic) => {
    setTopicBusy(t.index)
    // Ticked at once; put back if the server refuses.
    controller?.setTopicLocal({ ...t, covered: !t.covered, covered_at: t.covered ? null : new Date().toISOString() })
    try {
      const updated = await setTopicCovered(room.room_code, t.index, !t.covered)
      if (updated) controller?.setTopicLocal(updated)
    } catch (err) {
      controller?.setTopicLocal(t)
      showToast(errorMessage(err, 'Could not update the topic.'), { tone: 'error' })
    } finally {
      setTopicBusy(null)
    }
  }
  const snapshot = async () => {
    if (!state) return
    setSaving(true)
    try {
      const blob = await boardToPng(state.board)
      if (!blob) throw new Error('no canvas')
      const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')
      await uploadResource(room.room_code, new File([blob], `whiteboard-${stamp}.png`, { type: 'image/png' }), 'whiteboard')
      showToast('Snapshot saved ✔', { tone: 'success', detail: "It is in the session's resources." })
    } catch (err) {
      showToast(errorMessage(err, 'The snapshot could not be saved.'), { tone: 'error' })
    } finally {
      setSaving(false)
    }
  }

  const canShare = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getDisplayMedia)
  useShortcuts(
    {
      m: () => engine?.toggleAudio(),
      v: () => engine?.toggleVideo(),
      s: canShare ? () => void shareScreen() : undefined,
      c: () => toggle('chat'),
      w: () => toggle('whiteboard'),
      t: () => toggle('topics'),
      g: !isMentor ? () => setGift(true) : undefined,
      r: () => void record(),
      p: () => setPinSelf((v) => !v),
      e: leaveOrEnd,
    },
    Boolean(parts),
  )

  const status = state?.status ?? 'connecting'
  const noticeText =
    status === 'signaling-lost'
      ? 'Reconnecting to the room… your call continues.'
      : status === 'closed'
        ? `The room opens ${state?.opensAt ? `at ${new Date(state.opensAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'soon'} — 15 minutes before the start.`
        : status === 'connecting' || status === 'joining'
          ? 'Connecting to the room…'
          : null

  const selfTile = (
    <VideoTile
      stream={local?.screenStream ?? local?.stream ?? null}
      name="You"
      label="Your video"
      muted
      mirror
      audioOff={!local?.media.audio}
      videoOff={!local?.media.video && !local?.media.screen}
      screen={local?.media.screen}
      testId="self-video"
      cover
      videoRef={(el) => videos.current.set('self', el)}
      className="size-full"
    />
  )
  const remoteTile = (r: RemoteView) => (
    <VideoTile
      key={r.userId}
      stream={r.stream}
      streamVersion={r.streamVersion}
      name={r.name}
      label={`${r.name}'s video${r.role === 'mentor' ? ' (mentor)' : ''}`}
      audioOff={!r.media.audio}
      videoOff={!r.media.video && !r.media.screen}
      screen={r.media.screen}
      status={remoteStatus(r)}
      quality={r.quality ?? r.remoteQuality}
      figures={r.figures}
      testId="remote-video"
      videoRef={(el) => videos.current.set(r.userId, el)}
      className="size-full min-h-48"
    />
  )

  return (
    // The call takes the whole screen (above the site header and the mobile bottom nav); dialogs and toasts stay above it.
    <div role="region" aria-label={`Live session: ${room.session.title}`} className="fixed inset-0 z-[45] flex h-dvh flex-col bg-ink text-white">
      <header className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="min-w-0 space-y-1">
          <h1 className="truncate text-lg font-bold md:text-xl">{room.session.title}</h1>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {timer.kind === 'live' ? <LiveBadge /> : null}
            {recordingStatus === 'recording' ? (
              <span role="status" data-testid="recording-indicator" className="inline-flex items-center gap-1 rounded-full bg-danger px-2 py-0.5 font-semibold text-white">
                <RecordIcon size={14} /> Recording
              </span>
            ) : null}
            <StatusChip tone="info">{isMentor ? 'You are the mentor' : 'You are a learner'}</StatusChip>
          </div>
        </div>
        <div role="timer" aria-live="off" aria-label={timer.label} className="text-right">
          <p className="text-sm font-semibold text-white/80">{timer.label}</p>
          <p className="font-mono text-2xl font-bold tabular-nums">{timer.kind === 'waiting' ? '--:--' : formatClock(timer.seconds)}</p>
        </div>
      </header>

      <div aria-live="polite" className="space-y-2 px-4">
        {noticeText ? <p className="rounded-[var(--radius-control)] bg-white/10 px-3 py-2 text-base">{noticeText}</p> : null}
        {call?.optimizing ? <p className="rounded-[var(--radius-control)] bg-amber-100 px-3 py-2 text-base font-semibold text-ink">Optimizing for your connection…</p> : null}
        {call?.needsRejoin ? (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            <span className="font-semibold">The connection could not be restored.</span>
            <Button variant="danger" onClick={() => controller?.rejoin()}>
              Rejoin?
            </Button>
          </div>
        ) : null}
        {state?.notice ? (
          <p className="rounded-[var(--radius-control)] bg-white/10 px-3 py-2 text-base">
            {state.notice}{' '}
            <button type="button" className="underline" onClick={() => controller?.clearNotice()}>
              Dismiss
            </button>
          </p>
        ) : null}
        {recordingStatus === 'asked' && state?.recording.asked_by !== me.user_id && !state?.recording.accepted_by.includes(me.user_id) ? (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-[var(--radius-control)] bg-white px-3 py-2 text-base text-ink">
            <span>
              {(remotes.find((r) => r.userId === state?.recording.asked_by)?.name ?? 'Someone')} asks to record this session. Recording starts only when
              everyone accepts.
            </span>
            <Button onClick={() => void answerRecording(room.room_code, true).then((r) => controller?.setRecording(r)).catch((e: unknown) => showToast(errorMessage(e), { tone: 'error' }))}>
              Accept
            </Button>
            <Button variant="secondary" onClick={() => void answerRecording(room.room_code, false).then((r) => controller?.setRecording(r)).catch((e: unknown) => showToast(errorMessage(e), { tone: 'error' }))}>
              Decline
            </Button>
          </div>
        ) : null}
      </div>

      <div className="relative flex min-h-0 flex-1 flex-col gap-3 p-2 md:flex-row md:p-3">
        <section aria-label="Video" className="relative min-h-0 flex-1 overflow-hidden rounded-[var(--radius-card)] bg-black">
          {pinSelf ? (
            <div className="absolute inset-0">{selfTile}</div>
          ) : ordered.length ? (
            <div className={cn('absolute inset-0 grid gap-1', ordered.length > 1 && 'md:grid-cols-2')}>{ordered.map(remoteTile)}</div>
          ) : (
            <div className="absolute inset-0 flex items-center justify-center p-6 text-center text-lg">
              {status === 'joined' ? `Waiting for ${other} to join…` : 'Connecting…'}
            </div>
          )}
          <div
            className={cn(
              'absolute right-3 top-3 z-10 aspect-[3/4] w-28 overflow-hidden rounded-xl shadow-lg ring-2 ring-white/40 sm:aspect-video sm:w-48 md:bottom-3 md:top-auto md:w-60',
              pinSelf && 'hidden',
            )}
          >
            {pinSelf ? null : selfTile}
          </div>
          {pinSelf && ordered[0] ? (
            <div className="absolute right-3 top-3 z-10 aspect-[3/4] w-28 overflow-hidden rounded-xl shadow-lg ring-2 ring-white/40 sm:aspect-video sm:w-48 md:bottom-3 md:top-auto md:w-60">{remoteTile(ordered[0])}</div>
          ) : null}
        </section>

        {panel ? (
          <aside
            aria-label={panel === 'chat' ? 'Chat' : panel === 'whiteboard' ? 'Whiteboard' : 'Topics'}
            className={cn(
              'absolute inset-x-0 bottom-0 top-[20%] z-30 flex flex-col rounded-t-[var(--radius-card)] bg-canvas p-4 text-ink shadow-2xl md:static md:inset-auto md:rounded-[var(--radius-card)]',
              panel === 'whiteboard' ? 'md:w-[44rem]' : 'md:w-96',
            )}
          >
            <div className="mb-3 flex items-center justify-between">
              <h2 className="text-lg font-bold">{panel === 'chat' ? 'Chat' : panel === 'whiteboard' ? 'Whiteboard' : 'Topics'}</h2>
              <button type="button" aria-label="Close panel" onClick={() => setPanel(null)} className="inline-flex size-tap items-center justify-center rounded-full hover:bg-accent-soft">
                <CloseIcon />
              </button>
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto">
              {panel === 'chat' && state ? (
                <ChatPanel lines={state.chat} myId={me.user_id} onSend={(t) => controller?.sendChat(t) ?? false} onRetry={(id) => controller?.retryChat(id)} />
              ) : panel === 'whiteboard' && state ? (
                <WhiteboardPanel board={state.board} onOp={(op) => controller?.draw(op)} isMentor={isMentor} onSnapshot={isMentor ? () => void snapshot() : undefined} saving={saving} />
              ) : panel === 'topics' && state ? (
                <TopicsPanel topics={state.topics} canEdit={isMentor} busy={topicBusy} onToggle={(t) => void toggleTopic(t)} />
              ) : null}
            </div>
          </aside>
        ) : null}
      </div>

      <nav
        aria-label="Call controls"
        className="relative z-40 flex flex-wrap items-center justify-center gap-2 border-t border-white/10 bg-ink/95 px-2 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]"
      >
        <ControlButton label={local?.media.audio ? 'Mute microphone' : 'Unmute microphone'} shortcut="M" pressed={!local?.media.audio} onClick={() => engine?.toggleAudio()} disabled={!local?.stream?.getAudioTracks().length}>
          {local?.media.audio ? <MicIcon /> : <MicOffIcon />}
        </ControlButton>
        <ControlButton label={local?.media.video ? 'Turn camera off' : 'Turn camera on'} shortcut="V" pressed={!local?.media.video} onClick={() => engine?.toggleVideo()} disabled={!local?.stream?.getVideoTracks().length}>
          {local?.media.video ? <CameraIcon /> : <CameraOffIcon />}
        </ControlButton>
        {canShare ? (
          <ControlButton label={local?.media.screen ? 'Stop sharing screen' : 'Share screen'} shortcut="S" pressed={local?.media.screen} onClick={() => void shareScreen()}>
            <ScreenIcon />
          </ControlButton>
        ) : null}
        <ControlButton
          label={state?.unread ? `Chat, ${state.unread} unread` : 'Chat'}
          shortcut="C"
          pressed={panel === 'chat'}
          onClick={() => toggle('chat')}
          badge={
            state?.unread && panel !== 'chat' ? (
              <span data-testid="unread-badge" className="absolute -right-1 -top-1 min-w-6 rounded-full bg-cta-strong px-1.5 text-sm font-bold text-white">
                {state.unread > 99 ? '99+' : state.unread}
              </span>
            ) : null
          }
        >
          <ChatIcon />
        </ControlButton>
        <ControlButton label="Whiteboard" shortcut="W" pressed={panel === 'whiteboard'} onClick={() => toggle('whiteboard')}>
          <BoardIcon />
        </ControlButton>
        <ControlButton label="Topics" shortcut="T" pressed={panel === 'topics'} onClick={() => toggle('topics')}>
          <ListIcon />
        </ControlButton>
        <ControlButton label={pinSelf ? 'Unpin your video' : 'Pin your video'} shortcut="P" pressed={pinSelf} onClick={() => setPinSelf((v) => !v)}>
          <PinIcon />
        </ControlButton>
        <ControlButton
          label={recordingStatus === 'recording' ? 'Stop recording' : recordingStatus === 'asked' ? 'Waiting for consent to record' : 'Ask to record'}
          shortcut="R"
          pressed={recordingStatus === 'recording'}
          disabled={recordingStatus === 'asked' || recorder.uploading}
          onClick={() => void record()}
        >
          <RecordIcon />
        </ControlButton>
        {!isMentor ? (
          <ControlButton label="Send a gift" shortcut="G" onClick={() => setGift(true)}>
            <GiftIcon />
          </ControlButton>
        ) : null}
        <ControlButton label={isMentor ? 'End session' : 'Leave call'} shortcut="E" danger onClick={leaveOrEnd}>
          <PhoneOffIcon />
        </ControlButton>
        <span className="sr-only" aria-live="polite">
          {remotes.map((r) => `${r.name}: ${r.media.audio ? 'microphone on' : 'muted'}, ${r.media.video ? 'camera on' : 'camera off'}`).join('. ')}
        </span>
        {remotes[0] ? <QualityBadge level={remotes[0].quality} figures={remotes[0].figures} who="Your connection" /> : null}
      </nav>

      {confirmEnd ? (
        <EndDialog
          room={room}
          now={now}
          busy={endRoom.isPending}
          onClose={() => setConfirmEnd(false)}
          onConfirm={async () => {
            try {
              await endRoom.mutateAsync()
              setConfirmEnd(false)
              controller?.markEnded(me.user_id)
              showToast('Session ended ✔', { tone: 'success' })
            } catch (err) {
              showToast(errorMessage(err, 'Could not end the session.'), { tone: 'error' })
            }
          }}
        />
      ) : null}
      {gift ? <RoomGiftDialog room={room} onClose={() => setGift(false)} /> : null}
      {!panel && state?.unread ? (
        <button type="button" onClick={() => setPanel('chat')} className="sr-only focus:not-sr-only">
          <ChatIcon /> Open chat ({state.unread} new)
        </button>
      ) : null}
    </div>
  )
}

function remoteStatus(r: RemoteView): string | null {
  if (r.away) return `${r.name} is reconnecting…`
  if (r.health === 'gave-up') return 'Connection lost'
  if (r.alternate && r.health === 'reconnecting') return 'Trying alternate connection…'
  if (r.health === 'reconnecting' || r.connection === 'disconnected' || r.connection === 'failed') return 'Reconnecting…'
  if (r.connection === 'new' || r.connection === 'connecting') return 'Connecting…'
  return null
}
