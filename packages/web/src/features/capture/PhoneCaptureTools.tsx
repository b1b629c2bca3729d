/** The phone's speech buttons under the note: dictation and recording, each shown only where it works. */
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { AudioOutline, CloseCircleOutline } from 'antd-mobile-icons';
import { clock, dictationProblemText, recordingProblemText } from './speech-problem';
import { useCaptureTools } from './use-capture-tools';
import './phone-capture.css';

export function PhoneCaptureTools({ onText, disabled }: { onText: (text: string, from: 'dictated' | 'recorded') => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { dictation, recorder, canRecord, offered } = useCaptureTools(onText);
  if (!offered) return null;

  return (
    <div className="cap-tools" data-testid="capture-tools">
      {dictation.supported && (
        <Button
          size="small"
          shape="rounded"
          color={dictation.listening ? 'danger' : 'primary'}
          fill={dictation.listening ? 'solid' : 'outline'}
          disabled={disabled || recorder.state !== 'idle'}
          onClick={dictation.listening ? dictation.stop : dictation.start}
          data-testid="activity-dictate"
        >
          {dictation.listening ? <CloseCircleOutline /> : <AudioOutline />} {dictation.listening ? t('capture.stopDictating') : t('capture.dictate')}
        </Button>
      )}
      {canRecord && (
        <Button
          size="small"
          shape="rounded"
          color={recorder.state === 'recording' ? 'danger' : 'primary'}
          fill={recorder.state === 'recording' ? 'solid' : 'outline'}
          loading={recorder.state === 'transcribing'}
          disabled={disabled || dictation.listening}
          onClick={recorder.state === 'recording' ? recorder.stop : () => void recorder.start()}
          data-testid="activity-record"
        >
          {recorder.state === 'recording' ? t('capture.stopRecording', { time: clock(recorder.seconds) })
            : recorder.state === 'transcribing' ? t('capture.transcribing') : t('capture.record')}
        </Button>
      )}
      {dictation.listening && <div className="cap-heard">{dictation.heard || t('capture.listening')}</div>}
      {dictation.problem && <div className="cap-problem" role="alert">{dictationProblemText(dictation.problem, t)}</div>}
      {recorder.problem !== null && <div className="cap-problem" role="alert">{recordingProblemText(recorder.problem, t)}</div>}
    </div>
  );
}
