/**
 * The phone's talk tracks on a lead (A3): the three best scripts, each opened with a tap to read before a call, why
 * it was picked, and one-tap marks (used, helpful, not helpful). Loaded lazily by the lead page: the home never pays
 * for it.
 */
import { useTranslation } from 'react-i18next';
import { Button, Collapse, List, Space, Toast } from 'antd-mobile';
import { CheckOutline, LikeOutline } from 'antd-mobile-icons';
import type { Lead, TalkTrackFeedbackKind, TalkTrackSuggestion } from '@closeloop/core';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { reasonSeparator, reasonWords } from './reason-words';
import { scriptLocaleOf, useMark, useSuggestions } from './api';

export default function PhoneTalkTracks({ lead }: { lead: Lead }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const locale = scriptLocaleOf(i18n.language);
  const suggestions = useSuggestions(lead.id, locale);
  const mark = useMark(lead.id, locale);
  const canMark = can('crm.write') && lead.status === 'active';
  const send = (trackId: string, kind: TalkTrackFeedbackKind) =>
    mark.mutate({ trackId, kind }, {
      onSuccess: (result) => result.recorded && kind !== 'used' && Toast.show({ icon: 'success', content: t('talkTracks.panel.thanks') }),
      onError: (error) => Toast.show({ icon: 'fail', content: errorText(error, t) }),
    });

  // While loading, nothing: the facts and timeline above and below do not jump around a placeholder.
  if (suggestions.isPending) return null;
  if (suggestions.isError || suggestions.data.length === 0) {
    return (
      <List header={t('talkTracks.panel.title')}>
        <List.Item><span className="pp-muted">{suggestions.isError ? t('talkTracks.panel.loadFailed') : t('talkTracks.panel.empty')}</span></List.Item>
      </List>
    );
  }

  const marks = (item: TalkTrackSuggestion) => (
    <Space wrap style={{ '--gap': '8px', marginTop: 12 }}>
      <Button size="small" color={item.mine.used ? 'success' : 'default'} disabled={!canMark || item.mine.used} onClick={() => send(item.track.id, 'used')} data-testid="talk-track-used">
        <CheckOutline /> {t(item.mine.used ? 'talkTracks.panel.usedDone' : 'talkTracks.panel.used')}
      </Button>
      <Button size="small" color={item.mine.helpful ? 'primary' : 'default'} disabled={!canMark} onClick={() => send(item.track.id, 'helpful')} aria-pressed={item.mine.helpful} data-testid="talk-track-helpful">
        <LikeOutline /> {t('talkTracks.panel.helpful')}
      </Button>
      <Button size="small" color={item.mine.notHelpful ? 'danger' : 'default'} disabled={!canMark} onClick={() => send(item.track.id, 'not_helpful')} aria-pressed={item.mine.notHelpful} data-testid="talk-track-not-helpful">
        {t('talkTracks.panel.notHelpful')}
      </Button>
    </Space>
  );

  return (
    <div data-testid="talk-track-panel">
      <List header={t('talkTracks.panel.title')} />
      <Collapse>
        {suggestions.data.map((item) => (
          <Collapse.Panel
            key={item.track.id}
            title={
              <div data-testid="talk-track-item">
                <div className="pp-row-title">{item.track.title}</div>
                <div className="pp-muted pp-small" data-testid="talk-track-reasons">{reasonWords(item.reasons, t).join(reasonSeparator)}</div>
              </div>
            }
          >
            <div className="pp-entry-text" data-testid="talk-track-body">{item.track.body}</div>
            {marks(item)}
          </Collapse.Panel>
        ))}
      </Collapse>
    </div>
  );
}
