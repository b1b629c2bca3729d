/**
 * Who is paid by which plan, from when to when: a person, or every member of a team on the payment's day. An
 * assignment is removed rather than edited, so the history of who was on which plan stays readable in the audit log.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, DatePicker, Flex, Popconfirm, Segmented, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { usePeople, useTeams } from '../../../api/directory';
import { errorText } from '../../../lib/errors';
import { useSubmitKey } from '../../../lib/use-submit-key';
import { useFormat } from '../../../lib/use-format';
import { useAddAssignment, useAssignments, useRemoveAssignment, type AssignmentInput, type CommissionAssignment } from '../api/commissions';

export function AssignmentsTab({ planKeys }: { planKeys: string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const assignments = useAssignments();
  const people = usePeople();
  const teams = useTeams();
  const add = useAddAssignment();
  const remove = useRemoveAssignment();
  const keys = useSubmitKey();
  const [target, setTarget] = useState<'person' | 'team'>('person');
  const [planKey, setPlanKey] = useState<string>();
  const [who, setWho] = useState<string>();
  const [fromOn, setFromOn] = useState<Dayjs | null>(null);
  const [toOn, setToOn] = useState<Dayjs | null>(null);
  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? id;

  const submit = () => {
    if (!planKey || !who || !fromOn) return;
    const input: AssignmentInput = {
      planKey, fromOn: fromOn.format('YYYY-MM-DD'), toOn: toOn?.format('YYYY-MM-DD') ?? null,
      ...(target === 'person' ? { personId: who } : { teamId: who }),
    };
    add.mutate({ input, key: keys.keyFor(input) }, {
      onSuccess: () => {
        keys.done();
        setWho(undefined);
        void message.success(t('commissions.assignments.added'));
      },
      onError: (error) => void message.error(errorText(error, t)),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center" data-testid="assignment-form">
        <Select placeholder={t('commissions.assignments.plan')} style={{ width: 180 }} value={planKey} onChange={setPlanKey} options={planKeys.map((key) => ({ value: key, label: key }))} data-testid="assignment-plan" />
        <Segmented<'person' | 'team'>
          value={target}
          onChange={(value) => { setTarget(value); setWho(undefined); }}
          options={[{ value: 'person', label: t('commissions.assignments.person') }, { value: 'team', label: t('commissions.assignments.team') }]}
        />
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={target === 'person' ? t('commissions.assignments.person') : t('commissions.assignments.team')}
          style={{ width: 200 }}
          value={who}
          onChange={setWho}
          options={target === 'person'
            ? people.people.filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.name }))
            : (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          data-testid="assignment-who"
        />
        <DatePicker value={fromOn} onChange={setFromOn} placeholder={t('commissions.assignments.from')} data-testid="assignment-from" />
        <DatePicker
          value={toOn}
          onChange={setToOn}
          placeholder={t('commissions.assignments.openEnded')}
          disabledDate={(day) => !!fromOn && day.isBefore(fromOn, 'day')}
          data-testid="assignment-to"
        />
        <Button type="primary" icon={<PlusOutlined />} disabled={!planKey || !who || !fromOn} loading={add.isPending} onClick={submit} data-testid="assignment-add">
          {t('commissions.assignments.add')}
        </Button>
      </Flex>
      <Table<CommissionAssignment>
        rowKey="id"
        size="small"
        loading={assignments.isPending}
        dataSource={assignments.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('commissions.assignments.none') }}
        data-testid="assignments-table"
        columns={[
          { title: t('commissions.assignments.plan'), dataIndex: 'planKey', render: (key: string) => <Tag>{key}</Tag> },
          {
            title: t('commissions.assignments.who'), key: 'who',
            render: (_, row) => row.personId
              ? people.byId.get(row.personId)?.name ?? row.personId
              : <>{teamName(row.teamId ?? '')} <Tag bordered={false}>{t('commissions.assignments.team')}</Tag></>,
          },
          { title: t('commissions.assignments.from'), dataIndex: 'fromOn', render: (day: string) => format.day(day) },
          { title: t('commissions.assignments.to'), dataIndex: 'toOn', render: (day: string | null) => (day ? format.day(day) : t('commissions.assignments.openEnded')) },
          {
            title: t('common.actions'), key: 'actions', width: 120,
            render: (_, row) => (
              <Popconfirm title={t('commissions.assignments.removeConfirm')} onConfirm={() => remove.mutateAsync(row.id).catch((error: unknown) => void message.error(errorText(error, t)))}>
                <Button size="small" danger type="link">{t('commissions.assignments.remove')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}
