import type { ThemeConfig } from 'antd';

/**
 * A restrained trade-union palette: union red for the brand bar, a deep
 * government blue for actions and links, quiet greys elsewhere.
 */
export const palette = {
  red: '#b3191f',
  redDeep: '#8c1016',
  blue: '#1f4e99',
  blueLight: '#e8eef8',
  gold: '#e3b559',
  page: '#f0f2f5',
  text: '#1f2329',
} as const;

export const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: palette.blue,
    colorLink: palette.blue,
    colorError: '#d4380d',
    colorTextBase: palette.text,
    colorBgLayout: palette.page,
    borderRadius: 4,
    borderRadiusLG: 6,
    fontFamily,
    fontSize: 14,
    controlHeight: 32,
  },
  components: {
    Layout: {
      headerBg: palette.red,
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
      bodyBg: palette.page,
      footerBg: 'transparent',
      footerPadding: '12px 24px 20px',
    },
    Menu: {
      itemSelectedBg: palette.blueLight,
      itemSelectedColor: palette.blue,
      itemHeight: 44,
      iconSize: 16,
      activeBarWidth: 3,
      itemMarginInline: 0,
      itemBorderRadius: 0,
    },
    Table: {
      headerBg: '#f5f7fa',
      headerColor: '#4a5565',
      rowHoverBg: '#f5f8fd',
      cellPaddingBlockSM: 8,
    },
    Card: { headerFontSize: 15, headerHeight: 48 },
    Tree: { titleHeight: 28, nodeSelectedBg: palette.blueLight },
    Descriptions: { labelBg: '#f7f8fa', titleMarginBottom: 12 },
    Statistic: { contentFontSize: 28 },
  },
};
