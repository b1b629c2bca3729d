/**
 * My leads on the phone: search as you type, a tab per stage, infinite scroll, pull to refresh, and a swipe on a
 * row to log an activity. Search, stage and order live in the URL, so back returns to the same list.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, SearchBar, SwipeAction, Tabs } from 'antd-mobile';
import { leadStages, type Lead } from '@closeloop/core';
import { useSession, useSignedIn } from '../../api/session';
import { LeadItem } from './LeadItem';
import { EmptyState } from './PageStates';
import { PagedList } from './PagedList';
import { PhonePage } from './PhonePage';
import { usePagedList } from './records';
import { useDebounced } from '../../lib/use-debounced';

const sorts = ['lastActivityAt:desc', 'lastActivityAt:asc'] as const;

export default function PhoneLeads() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSignedIn();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const stage = leadStages.find((s) => s === params.get('stage')) ?? 'all';
  const sort = sorts.find((s) => s === params.get('sort')) ?? sorts[0];
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);

  const update = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || null });
    // Only the settled search text writes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const list = usePagedList<Lead>('/leads', { ownerId: user.id, stage: stage === 'all' ? undefined : stage, q: q || undefined, sort });
  const filtered = stage !== 'all' || !!q;

  return (
    <PhonePage
      title={t('phone.leads.title')}
      right={
        <Button size="mini" fill="none" color="primary" onClick={() => update({ sort: sort === sorts[0] ? sorts[1] : null })} data-testid="leads-sort">
          {sort === sorts[0] ? t('phone.leads.sortRecent') : t('phone.leads.sortQuiet')}
        </Button>
      }
      toolbar={
        <>
          <div className="pp-toolbar">
            <label data-testid="list-search" className="pp-field">
              <SearchBar value={text} onChange={setText} placeholder={t('phone.leads.search')} clearable />
            </label>
          </div>
          <Tabs activeKey={stage} onChange={(key) => update({ stage: key === 'all' ? null : key })} className="pp-tabs" data-testid="stage-tabs">
            <Tabs.Tab key="all" title={t('common.all')} />
            {leadStages.map((s) => <Tabs.Tab key={s} title={t(`vocab.stage.${s}`)} />)}
          </Tabs>
        </>
      }
    >
      <PagedList
        list={list}
        empty={
          filtered ? (
            <EmptyState
              title={t('phone.leads.noMatch')}
              action={<Button color="primary" fill="outline" onClick={() => { setText(''); update({ q: null, stage: null }); }}>{t('phone.leads.clearFilters')}</Button>}
            />
          ) : (
            <EmptyState
              title={t('phone.leads.empty')}
              description={t('phone.leads.emptyHint')}
              action={can('crm.write') && <Button color="primary" onClick={() => void navigate('/m/leads/new')}>{t('phone.home.quickAddLead')}</Button>}
            />
          )
        }
      >
        {(lead) => (
          <SwipeAction
            key={lead.id}
            rightActions={can('crm.write') ? [{ key: 'log', text: t('phone.home.logActivity'), color: 'primary', onClick: () => void navigate(`/m/log?leadId=${lead.id}`) }] : []}
          >
            <LeadItem lead={lead} />
          </SwipeAction>
        )}
      </PagedList>
    </PhonePage>
  );
}
