/**
 * Import leads or customers from XLSX or CSV (A1, H4): pick what to import, fill in the template, upload (with
 * progress), then read what happened — the counts, each refused row with its row number, column and problem, and
 * the full error report to fix and import again. A dry run checks a file without writing anything.
 */
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Progress, Radio, Result, Row, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { downloadErrorReport, downloadTemplate, importKinds, runImport, type ImportKind, type ImportOptions, type ImportSummary } from './api/imports';
import { ImportResult } from './components/ImportResult';

type Phase =
  | { name: 'idle' }
  | { name: 'uploading'; sent: number }
  | { name: 'checking' }
  | { name: 'done'; summary: ImportSummary; options: ImportOptions }
  | { name: 'failed'; error: unknown };

const kindOf = (value: string | null): ImportKind => (importKinds as readonly string[]).includes(value ?? '') ? (value as ImportKind) : 'leads';

export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = kindOf(params.get('kind'));
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ dryRun: false, onDuplicate: 'skip' });
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const busy = phase.name === 'uploading' || phase.name === 'checking';

  if (!can('crm.import')) return <Result status="403" title="403" subTitle={t('common.forbidden')} />;

  const start = async (run: ImportOptions) => {
    if (!file) return;
    abort.current = new AbortController();
    setPhase({ name: 'uploading', sent: 0 });
    try {
      const summary = await runImport(kind, file, run, (sent) => setPhase(sent >= 1 ? { name: 'checking' } : { name: 'uploading', sent }), abort.current.signal);
      setPhase({ name: 'done', summary, options: run });
      if (!summary.dryRun && summary.created > 0) void client.invalidateQueries({ queryKey: [kind] });
    } catch (error) {
      if ((error as Error).name === 'AbortError') setPhase({ name: 'idle' });
      else setPhase({ name: 'failed', error });
    } finally {
      abort.current = null;
    }
  };

  const chooseKind = (next: ImportKind) => {
    setParams({ kind: next }, { replace: true });
    setPhase({ name: 'idle' });
  };
  const startOver = () => {
    setFile(null);
    setPhase({ name: 'idle' });
  };
  const template = (format: 'xlsx' | 'csv') => downloadTemplate(kind, format).catch((error: unknown) => void message.error(errorText(error, t)));

  const setup = (
    <Card title={t('imports.steps.title')}>
      <Flex vertical gap={20}>
        <div>
          <Typography.Text strong>{t('imports.steps.kind')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={kind}
              disabled={busy}
              onChange={(event) => chooseKind(event.target.value as ImportKind)}
              options={importKinds.map((k) => ({ value: k, label: <span data-testid={`import-kind-${k}`}>{t(`imports.kinds.${k}.name`)}</span> }))}
              data-testid="import-kind"
            />
          </div>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t(`imports.kinds.${kind}.description`)} {t('imports.kinds.required', { columns: t(`imports.kinds.${kind}.required`) })}
          </Typography.Paragraph>
        </div>
        <div>
          <Typography.Text strong>{t('imports.steps.template')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>{t('imports.steps.templateHelp')}</Typography.Paragraph>
          <Flex gap={8}>
            <Button icon={<FileExcelOutlined />} onClick={() => void template('xlsx')} data-testid="template-download">{t('imports.steps.templateXlsx')}</Button>
            <Button icon={<DownloadOutlined />} onClick={() => void template('csv')} data-testid="template-download-csv">{t('imports.steps.templateCsv')}</Button>
          </Flex>
        </div>
        <div>
          <Typography.Text strong>{t('imports.steps.file')}</Typography.Text>
          <Upload.Dragger
            style={{ marginTop: 8 }}
            accept=".xlsx,.csv"
            multiple={false}
            maxCount={1}
            disabled={busy}
            fileList={file ? [{ uid: 'chosen', name: file.name, size: file.size, status: 'done' }] : []}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setPhase({ name: 'idle' });
              return false; // sent on "Import", with the options, not on choosing
            }}
            onRemove={() => {
              setFile(null);
              return true;
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('imports.steps.drop')}</p>
            <p className="ant-upload-hint">{t('imports.steps.dropHint')}</p>
          </Upload.Dragger>
        </div>
        <div>
          <Typography.Text strong>{t('imports.steps.duplicates')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Radio.Group
              value={options.onDuplicate}
              disabled={busy}
              onChange={(event) => setOptions((o) => ({ ...o, onDuplicate: event.target.value as ImportOptions['onDuplicate'] }))}
              options={[
                { value: 'skip', label: <span data-testid="on-duplicate-skip">{t('imports.steps.skipDuplicates')}</span> },
                { value: 'create', label: <span data-testid="on-duplicate-create">{t('imports.steps.createDuplicates')}</span> },
              ]}
              data-testid="import-on-duplicate"
            />
          </div>
        </div>
        <Checkbox checked={options.dryRun} disabled={busy} onChange={(event) => setOptions((o) => ({ ...o, dryRun: event.target.checked }))} data-testid="import-dry-run">
          {t('imports.steps.dryRun')}
        </Checkbox>
        {phase.name === 'uploading' || phase.name === 'checking' ? (
          <Flex vertical gap={8} data-testid="import-progress">
            <Progress percent={phase.name === 'checking' ? 100 : Math.floor(phase.sent * 100)} status="active" />
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary">{phase.name === 'checking' ? t('imports.steps.checking') : t('imports.steps.uploading')}</Typography.Text>
              {phase.name === 'uploading' && <Button size="small" onClick={() => abort.current?.abort()} data-testid="import-cancel">{t('common.cancel')}</Button>}
            </Flex>
          </Flex>
        ) : (
          <Flex gap={8}>
            <Button type="primary" icon={<UploadOutlined />} disabled={!file} onClick={() => void start(options)} data-testid="import-submit">
              {options.dryRun ? t('imports.steps.check') : t('imports.steps.start')}
            </Button>
          </Flex>
        )}
        {phase.name === 'failed' && (
          // The server's message already says the file could not be imported, and why.
          <Alert type="error" showIcon title={errorText(phase.error, t)} data-testid="import-error" />
        )}
      </Flex>
    </Card>
  );

  const help = (
    <Card title={t('imports.help.title')}>
      <Flex vertical gap={12}>
        {(['headers', 'rows', 'duplicates', 'owner', 'files'] as const).map((topic) => (
          <div key={topic}>
            <Typography.Text strong>{t(`imports.help.${topic}.title`)}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0' }}>{t(`imports.help.${topic}.text`)}</Typography.Paragraph>
          </div>
        ))}
      </Flex>
    </Card>
  );

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('imports.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('imports.description')}</Typography.Text>
      </div>
      <Row gutter={16}>
        <Col span={15}>{setup}</Col>
        <Col span={9}>{help}</Col>
      </Row>
      {phase.name === 'done' && file && (
        <div style={{ marginTop: 16 }}>
          <ImportResult
            kind={kind}
            summary={phase.summary}
            onDownloadReport={() => downloadErrorReport(kind, file, phase.options)}
            actions={
              <>
                {phase.summary.dryRun && (
                  <Button
                    type="primary"
                    onClick={() => {
                      setOptions((o) => ({ ...o, dryRun: false }));
                      void start({ ...phase.options, dryRun: false });
                    }}
                    data-testid="import-for-real"
                  >
                    {t('imports.result.importNow')}
                  </Button>
                )}
                <Button onClick={startOver} data-testid="import-another">{t('imports.result.another')}</Button>
              </>
            }
          />
        </div>
      )}
    </>
  );
}
