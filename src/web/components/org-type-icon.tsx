import {
  BankOutlined,
  FlagOutlined,
  HeartOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { OrgNodeType } from '../../shared/orgs/org-node';

const colors: Record<OrgNodeType, string> = {
  national: '#8c1016',
  province: '#b3191f',
  city: '#cf4a2f',
  county: '#d46b08',
  town: '#b8860b',
  grassroots: '#1f4e99',
  service_centre: '#08979c',
  service_station: '#3b7dd8',
};

/** One glyph per kind of node: federations, grassroots unions, relief centres, stations. */
export function OrgTypeIcon({ type, muted = false }: { type: OrgNodeType; muted?: boolean }) {
  const style = { color: muted ? '#b0b6bf' : colors[type] };
  switch (type) {
    case 'national':
      return <FlagOutlined style={style} />;
    case 'grassroots':
      return <TeamOutlined style={style} />;
    case 'service_centre':
      return <HeartOutlined style={style} />;
    case 'service_station':
      return <ShopOutlined style={style} />;
    default:
      return <BankOutlined style={style} />;
  }
}
