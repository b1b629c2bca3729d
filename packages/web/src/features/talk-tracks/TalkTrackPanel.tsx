/**
 * The desk's talk-track panel on a lead (A3): the three scripts that fit it best, each opened to read, with why it
 * was picked and buttons to say it was used and whether it helped (marks feed the ranking for everyone).
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { App, Alert, Button, Card, Collapse, Empty, Flex, Skeleton, Space, Tooltip, Typography } from 'antd';
import { CheckOutlined, DislikeFilled, DislikeOutlined, LikeFilled, LikeOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { Lead, TalkTrackFeedbackKind, TalkTrackSuggestion } from '@closeloop/core';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { reasonSeparator, reasonWords } from './reason-words';
import { scriptLocaleOf, useMark, useSuggestions } from './api';

export function TalkTrackPanel({ lead }: { lead: Lead }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const locale = scriptLocaleOf(i18n.language);
  const suggestions = useSuggestions(lead.id, locale);
  const mark = useMark(lead.id, locale);
  const canMark = can('crm.write') && lead.status === 'active';
  const send = (trackId: string, kind: TalkTrackFeedbackKind) =>
    mark.mutate({ trackId, kind }, {
      onSuccess: (result) => result.recorded && kind !== 'used' && void message.success(t('talkTracks.panel.thanks')),
      onError: (error) => void message.error(errorText(error, t)),
    });

  const actions = (item: TalkTrackSuggestion) => (
    <Space wrap>
      <Button size="small" icon={<CheckOutlined />} type={item.mine.used ? 'primary' : 'default'} ghost={item.mine.used} disabled={!canMark || item.mine.used}
        onClick={() => send(item.track.id, 'used')} data-testid="talk-track-used">
        {t(item.mine.used ? 'talkTracks.panel.usedDone' : 'talkTracks.panel.used')}
      </Button>
      <Button size="small" icon={item.mine.helpful ? <LikeFilled /> : <LikeOutlined />} type={item.mine.helpful ? 'primary' : 'default'} disabled={!canMark}
        onClick={() => send(item.track.id, 'helpful')} aria-pressed={item.mine.helpful} data-testid="talk-track-helpful">
        {t('talkTracks.panel.helpful')}
      </Button>
      <Button size="small" icon={item.mine.notHelpful ? <DislikeFilled /> : <DislikeOutlined />} danger={item.mine.notHelpful} disabled={!canMark}
        onClick={() => send(item.track.id, 'not_helpful')} aria-pressed={item.mine.notHelpful} data-testid="talk-track-not-helpful">
        {t('talkTracks.panel.notHelpful')}
      </Button>
    </Space>
  );

  return (
    <Card
      title={t('talkTracks.panel.title')}
      extra={<Tooltip title={t('talkTracks.panel.help')}><QuestionCircleOutlined aria-label={t('talkTracks.panel.help')} /></Tooltip>}
      style={{ marginBottom: 16 }}
      data-testid="talk-track-panel"
    >
      {suggestions.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : suggestions.isError ? (
        <Alert type="warning" showIcon title={t('talkTracks.panel.loadFailed')} description={errorText(suggestions.error, t)} />
      ) : suggestions.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talkTracks.panel.empty')}>
          {can('steward.manage') && <Link to="/admin/talk-tracks">{t('talkTracks.panel.library')}</Link>}
        </Empty>
      ) : (
        <Collapse
          ghost
          size="small"
          items={suggestions.data.map((item) => ({
            key: item.track.id,
            label: (
              <div data-testid="talk-track-item">
                <Typography.Text strong>{item.track.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="talk-track-reasons">
                    {reasonWords(item.reasons, t).join(reasonSeparator)}
                  </Typography.Text>
                </div>
              </div>
            ),
            children: (
              <Flex vertical gap={12}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="talk-track-body">{item.track.body}</Typography.Paragraph>
                {actions(item)}
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}
