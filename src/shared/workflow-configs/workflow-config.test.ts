import { describe, expect, it } from 'vitest';
import { defaultWorkflowConfig } from '../cases/registration';
import { inheritanceChain, resolveWorkflowConfig } from './workflow-config';

describe('inheritanceChain', () => {
  it.each([
    ['320102', ['320102:own', '320100:city', '320000:province']],
    ['320100', ['320100:own', '320000:province']],
    ['320000', ['320000:own']],
  ])('%s inherits from %j', (code, chain) => {
    expect(inheritanceChain(code).map((l) => `${l.code}:${l.source}`)).toEqual(chain);
  });
});

describe('resolveWorkflowConfig', () => {
  const own = { ...defaultWorkflowConfig, homeVisitDays: 3 };
  const city = { ...defaultWorkflowConfig, homeVisitDays: 7 };
  const province = { ...defaultWorkflowConfig, noticeWorkingDays: 7 };
  const stored = [
    { regionCode: '320000', config: province },
    { regionCode: '320100', config: city },
    { regionCode: '320102', config: own },
  ];

  it('takes the region’s own config first', () => {
    expect(resolveWorkflowConfig('320102', stored, defaultWorkflowConfig)).toEqual({
      config: own,
      source: 'own',
      sourceRegionCode: '320102',
    });
  });

  it('inherits from the city, then the province', () => {
    expect(resolveWorkflowConfig('320104', stored, defaultWorkflowConfig)).toMatchObject({
      config: city,
      source: 'city',
      sourceRegionCode: '320100',
    });
    expect(resolveWorkflowConfig('320205', stored, defaultWorkflowConfig)).toMatchObject({
      config: province,
      source: 'province',
      sourceRegionCode: '320000',
    });
  });

  it('falls back to the national default', () => {
    expect(resolveWorkflowConfig('110101', stored, defaultWorkflowConfig)).toEqual({
      config: defaultWorkflowConfig,
      source: 'national',
      sourceRegionCode: null,
    });
  });
});
