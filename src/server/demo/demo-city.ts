import type { Role } from '../../shared/permissions';

/**
 * The demo city: 南京市 under 江苏省, with every real district of Nanjing from the
 * GB/T 2260 data, and street federations, unions and users invented to look
 * real. Street and town names are real places in each district; the unions mix
 * state-owned firms, private firms, public institutions and the joint unions
 * (联合工会) that organise community, migrant and platform workers.
 *
 * Code scheme (组织编码), all upper case and hyphenated from the province down:
 *   JS                   江苏省总工会
 *   JS-NJ                南京市总工会           JS-NJ-C   南京市困难职工帮扶中心
 *   JS-NJ-U001           a union under the city federation (市直基层工会)
 *   JS-NJ-XW             玄武区总工会           JS-NJ-XW-C    the district's 帮扶中心
 *   JS-NJ-XW-S1          the district's first street federation (乡镇街道总工会)
 *   JS-NJ-XW-U001        a union of the district, wherever it hangs in it
 *   …-Z1                 a service station (服务站点) under a street or a centre
 * The district part is the pinyin initials of the district's name.
 */
export const demoProvince = { code: 'JS', name: '江苏省总工会', regionCode: '320000' } as const;
export const demoCity = {
  code: 'JS-NJ',
  name: '南京市总工会',
  regionCode: '320100',
  centreName: '南京市困难职工帮扶中心',
  centreStations: ['南京市困难职工帮扶中心河西服务点', '南京市困难职工帮扶中心江北服务点'],
} as const;

export type DemoDistrict = {
  /** Pinyin initials: the district part of every code below it. */
  abbr: string;
  /** Two or three real streets or towns (街道/镇) of the district. */
  streets: string[];
};

/** Keyed by the district's GB/T 2260 code; every child region of 320100 must be here. */
export const demoDistricts: Record<string, DemoDistrict> = {
  '320102': { abbr: 'XW', streets: ['梅园新村街道', '新街口街道', '孝陵卫街道'] }, // 玄武区
  '320104': { abbr: 'QH', streets: ['夫子庙街道', '朝天宫街道', '月牙湖街道'] }, // 秦淮区
  '320105': { abbr: 'JY', streets: ['沙洲街道', '兴隆街道', '南苑街道'] }, // 建邺区
  '320106': { abbr: 'GL', streets: ['湖南路街道', '宁海路街道', '江东街道'] }, // 鼓楼区
  '320111': { abbr: 'PK', streets: ['江浦街道', '桥林街道', '永宁街道'] }, // 浦口区
  '320113': { abbr: 'QX', streets: ['仙林街道', '尧化街道', '迈皋桥街道'] }, // 栖霞区
  '320114': { abbr: 'YHT', streets: ['赛虹桥街道', '铁心桥街道', '板桥街道'] }, // 雨花台区
  '320115': { abbr: 'JN', streets: ['东山街道', '秣陵街道', '禄口街道'] }, // 江宁区
  '320116': { abbr: 'LH', streets: ['雄州街道', '龙池街道', '金牛湖街道'] }, // 六合区
  '320117': { abbr: 'LS', streets: ['永阳街道', '柘塘街道', '白马镇'] }, // 溧水区
  '320118': { abbr: 'GC', streets: ['淳溪街道', '古柏街道'] }, // 高淳区
};

/** 基层工会. `district` null = directly under the city federation (市直); `street` is 1-based. */
export type DemoUnion = {
  name: string;
  district: string | null;
  street?: number;
  /** Who the members work for: for the reader, and for later demo data (households). */
  kind: 'state' | 'private' | 'public' | 'joint';
};

export const demoUnions: DemoUnion[] = [
  { name: '南京地铁运营有限责任公司工会', district: null, kind: 'state' },
  { name: '南京公共交通（集团）有限公司工会', district: null, kind: 'state' },
  { name: '南京市城市建设投资控股（集团）有限责任公司工会', district: null, kind: 'state' },
  { name: '南京市第一医院工会', district: null, kind: 'public' },
  { name: '南京熊猫电子股份有限公司工会', district: 'XW', kind: 'state' },
  { name: '梅园新村街道长江路社区联合工会', district: 'XW', street: 1, kind: 'joint' },
  { name: '南京新街口百货商店股份有限公司工会', district: 'XW', street: 2, kind: 'state' },
  { name: '江苏苏宁易购集团工会', district: 'XW', street: 3, kind: 'private' },
  { name: '南京晨光集团有限责任公司工会', district: 'QH', kind: 'state' },
  { name: '夫子庙街道商户联合工会', district: 'QH', street: 1, kind: 'joint' },
  { name: '南京秦淮文化旅游发展有限公司工会', district: 'QH', street: 2, kind: 'state' },
  { name: '南京月牙湖物业管理有限公司工会', district: 'QH', street: 3, kind: 'private' },
  { name: '南京河西新城开发建设有限公司工会', district: 'JY', kind: 'state' },
  { name: '江苏金陵金融科技服务有限公司工会', district: 'JY', street: 1, kind: 'private' },
  { name: '南京奥体中心运营管理有限公司工会', district: 'JY', street: 2, kind: 'public' },
  { name: '南京鼓楼医院工会', district: 'GL', kind: 'public' },
  { name: '南京医药股份有限公司工会', district: 'GL', street: 1, kind: 'state' },
  { name: '宁海路街道快递外卖骑手联合工会', district: 'GL', street: 2, kind: 'joint' },
  { name: '南京江东商贸有限公司工会', district: 'GL', street: 3, kind: 'private' },
  { name: '南京浦口经济开发区企业联合工会', district: 'PK', kind: 'joint' },
  { name: '南京江浦汽车零部件有限公司工会', district: 'PK', street: 1, kind: 'private' },
  { name: '南京桥林新材料科技有限公司工会', district: 'PK', street: 2, kind: 'private' },
  { name: '中国石化金陵石化公司工会', district: 'QX', kind: 'state' },
  { name: '南京仙林大学城后勤服务有限公司工会', district: 'QX', street: 1, kind: 'private' },
  { name: '尧化街道环卫工人联合工会', district: 'QX', street: 2, kind: 'joint' },
  { name: '南京迈皋桥农贸市场经营管理有限公司工会', district: 'QX', street: 3, kind: 'private' },
  { name: '南京软件谷科技发展有限公司工会', district: 'YHT', kind: 'state' },
  { name: '南京铁心桥软件园企业联合工会', district: 'YHT', street: 2, kind: 'joint' },
  { name: '南京板桥钢结构工程有限公司工会', district: 'YHT', street: 3, kind: 'private' },
  { name: '南京江宁经济技术开发总公司工会', district: 'JN', kind: 'state' },
  { name: '南京东山精密制造有限公司工会', district: 'JN', street: 1, kind: 'private' },
  { name: '秣陵街道建筑工地农民工联合工会', district: 'JN', street: 2, kind: 'joint' },
  { name: '南京禄口国际机场有限公司工会', district: 'JN', street: 3, kind: 'state' },
  { name: '南京钢铁股份有限公司工会', district: 'LH', kind: 'state' },
  { name: '雄州街道家政服务业联合工会', district: 'LH', street: 1, kind: 'joint' },
  { name: '南京永阳食品有限公司工会', district: 'LS', street: 1, kind: 'private' },
  { name: '江苏柘塘汽车配件有限公司工会', district: 'LS', street: 2, kind: 'private' },
  { name: '南京高淳陶瓷股份有限公司工会', district: 'GC', kind: 'state' },
  { name: '古柏街道水产养殖业联合工会', district: 'GC', street: 2, kind: 'joint' },
];

/**
 * Demo users. `at` names the node: a node code, or a union's name for helpers
 * (帮扶联系人 belong to the union whose households they look after).
 */
/**
 * A county federation admin also holds the working roles: nobody may grant a
 * role they do not hold, and county admins create their case workers,
 * reviewers and helpers.
 */
const countyAdminRoles: Role[] = ['federation_admin', 'case_worker', 'reviewer', 'helper'];

export type DemoUser = { username: string; displayName: string; roles: Role[]; at: string };

export const demoUsers: DemoUser[] = [
  { username: 'js_admin', displayName: '陈志刚', roles: ['federation_admin'], at: 'JS' },
  {
    username: 'nj_admin',
    displayName: '王建华',
    roles: ['system_admin', 'federation_admin'],
    at: 'JS-NJ',
  },
  { username: 'nj_audit', displayName: '刘芳', roles: ['auditor'], at: 'JS-NJ' },
  { username: 'nj_worker', displayName: '张丽萍', roles: ['case_worker'], at: 'JS-NJ' },
  { username: 'nj_reviewer', displayName: '孙国平', roles: ['reviewer'], at: 'JS-NJ' },
  { username: 'xw_admin', displayName: '李明', roles: countyAdminRoles, at: 'JS-NJ-XW' },
  { username: 'xw_worker', displayName: '赵静', roles: ['case_worker'], at: 'JS-NJ-XW' },
  { username: 'xw_reviewer', displayName: '周海涛', roles: ['reviewer'], at: 'JS-NJ-XW' },
  { username: 'xw_meiyuan', displayName: '吴晓燕', roles: ['case_worker'], at: 'JS-NJ-XW-S1' },
  { username: 'qh_admin', displayName: '郑伟', roles: countyAdminRoles, at: 'JS-NJ-QH' },
  { username: 'qh_worker', displayName: '钱玉兰', roles: ['case_worker'], at: 'JS-NJ-QH' },
  { username: 'qh_reviewer', displayName: '冯建军', roles: ['reviewer'], at: 'JS-NJ-QH' },
  { username: 'gl_admin', displayName: '杨帆', roles: countyAdminRoles, at: 'JS-NJ-GL' },
  { username: 'gl_worker', displayName: '黄秀英', roles: ['case_worker'], at: 'JS-NJ-GL' },
  { username: 'gl_reviewer', displayName: '何志强', roles: ['reviewer'], at: 'JS-NJ-GL' },
  { username: 'gl_audit', displayName: '高敏', roles: ['auditor'], at: 'JS-NJ-GL' },
  { username: 'gl_ninghai', displayName: '林小红', roles: ['case_worker'], at: 'JS-NJ-GL-S2' },
  { username: 'jn_admin', displayName: '徐斌', roles: countyAdminRoles, at: 'JS-NJ-JN' },
  { username: 'jn_worker', displayName: '马丽娟', roles: ['case_worker'], at: 'JS-NJ-JN' },
  { username: 'jn_reviewer', displayName: '朱永胜', roles: ['reviewer'], at: 'JS-NJ-JN' },
  { username: 'jy_admin', displayName: '胡晓东', roles: countyAdminRoles, at: 'JS-NJ-JY' },
  { username: 'pk_admin', displayName: '郭春梅', roles: countyAdminRoles, at: 'JS-NJ-PK' },
  { username: 'qx_admin', displayName: '罗文军', roles: countyAdminRoles, at: 'JS-NJ-QX' },
  { username: 'yht_admin', displayName: '梁海燕', roles: countyAdminRoles, at: 'JS-NJ-YHT' },
  { username: 'lh_admin', displayName: '宋建国', roles: countyAdminRoles, at: 'JS-NJ-LH' },
  { username: 'ls_admin', displayName: '唐文静', roles: countyAdminRoles, at: 'JS-NJ-LS' },
  { username: 'gc_admin', displayName: '韩卫东', roles: countyAdminRoles, at: 'JS-NJ-GC' },
  {
    username: 'helper_metro',
    displayName: '曹雪梅',
    roles: ['helper'],
    at: '南京地铁运营有限责任公司工会',
  },
  {
    username: 'helper_panda',
    displayName: '邓立新',
    roles: ['helper'],
    at: '南京熊猫电子股份有限公司工会',
  },
  { username: 'helper_suning', displayName: '许婷', roles: ['helper'], at: '江苏苏宁易购集团工会' },
  {
    username: 'helper_chenguang',
    displayName: '沈国华',
    roles: ['helper'],
    at: '南京晨光集团有限责任公司工会',
  },
  { username: 'helper_gulouhosp', displayName: '彭丽', roles: ['helper'], at: '南京鼓楼医院工会' },
  {
    username: 'helper_riders',
    displayName: '吕振宇',
    roles: ['helper'],
    at: '宁海路街道快递外卖骑手联合工会',
  },
  {
    username: 'helper_airport',
    displayName: '苏红霞',
    roles: ['helper'],
    at: '南京禄口国际机场有限公司工会',
  },
  {
    username: 'helper_nangang',
    displayName: '蒋德明',
    roles: ['helper'],
    at: '南京钢铁股份有限公司工会',
  },
];
