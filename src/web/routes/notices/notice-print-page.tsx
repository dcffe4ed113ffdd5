import { Alert, Button, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useLoad } from '../../api/use-load';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { NoticeSheet } from './notice-sheet';
import { noticesApi } from './notices-api';
import { useNoticeCardsText } from './use-notice-cards-text';

/** The notice sheet alone, for printing on A4 or saving as PDF from the browser's print dialog. */
export default function NoticePrintPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const p = useNoticeCardsText('notices');
  const { data, error, reload } = useLoad(() => noticesApi.get(id), [id]);
  if (error && !data) return <LoadFailed onRetry={() => void reload()} />;
  if (!data) return <FullPageSpin />;
  return (
    <div>
      <Space
        className="nc-screen-only"
        style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
        wrap
      >
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/notices/${id}`)}>
          {p('back')}
        </Button>
        <Alert type="info" showIcon title={p('printHint')} />
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="notice-print-now"
        >
          {p('print')}
        </Button>
      </Space>
      <NoticeSheet batch={data} />
    </div>
  );
}
