/**
 * The desk's speech buttons under the note: dictation where the browser has a recognizer, recording where the server
 * can transcribe and the browser can record; each hidden otherwise. Text they produce is added to the note.
 */
import { useTranslation } from 'react-i18next';
import { Alert, Button, Flex, Typography } from 'antd';
import { AudioOutlined, LoadingOutlined, StopOutlined } from '@ant-design/icons';
import { clock, dictationProblemText, recordingProblemText } from './speech-problem';
import { useCaptureTools } from './use-capture-tools';

interface Props {
  onText: (text: string, from: 'dictated' | 'recorded') => void;
  disabled?: boolean;
}

export function CaptureTools({ onText, disabled }: Props) {
  const { t } = useTranslation();
  const { dictation, recorder, canRecord, offered } = useCaptureTools(onText);
  if (!offered) return null;

  return (
    <div style={{ marginBottom: 12 }} data-testid="capture-tools">
      <Flex gap={8} wrap align="center">
        {dictation.supported && (
          <Button
            icon={dictation.listening ? <StopOutlined /> : <AudioOutlined />}
            type={dictation.listening ? 'primary' : 'default'}
            danger={dictation.listening}
            disabled={disabled || recorder.state !== 'idle'}
            onClick={dictation.listening ? dictation.stop : dictation.start}
            data-testid="activity-dictate"
          >
            {dictation.listening ? t('capture.stopDictating') : t('capture.dictate')}
          </Button>
        )}
        {canRecord && (
          <Button
            icon={recorder.state === 'transcribing' ? <LoadingOutlined /> : recorder.state === 'recording' ? <StopOutlined /> : <AudioOutlined />}
            type={recorder.state === 'recording' ? 'primary' : 'default'}
            danger={recorder.state === 'recording'}
            disabled={disabled || dictation.listening || recorder.state === 'transcribing'}
            onClick={recorder.state === 'recording' ? recorder.stop : () => void recorder.start()}
            data-testid="activity-record"
          >
            {recorder.state === 'recording' ? t('capture.stopRecording', { time: clock(recorder.seconds) })
              : recorder.state === 'transcribing' ? t('capture.transcribing') : t('capture.record')}
          </Button>
        )}
        {dictation.listening && (
          <Typography.Text type="secondary" italic>{dictation.heard || t('capture.listening')}</Typography.Text>
        )}
      </Flex>
      {dictation.problem && <Alert type="warning" showIcon title={dictationProblemText(dictation.problem, t)} style={{ marginTop: 8 }} />}
      {recorder.problem !== null && <Alert type="warning" showIcon title={recordingProblemText(recorder.problem, t)} style={{ marginTop: 8 }} />}
    </div>
  );
}
