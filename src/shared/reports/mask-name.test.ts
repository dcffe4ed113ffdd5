import { describe, expect, it } from 'vitest';
import { maskPersonName } from './mask-name';

describe('maskPersonName', () => {
  it.each([
    ['张建国', '张*国'],
    ['欧阳明华', '欧**华'],
    ['张三', '张*'],
    ['李', '李'],
    ['', ''],
    [' 王小明 ', '王*明'],
    ['阿卜杜拉·买买提', '阿******提'],
  ])('%s → %s', (name, masked) => {
    expect(maskPersonName(name)).toBe(masked);
  });
});
