import { describe, expect, it } from 'vitest';
import { householdQuerySchema } from '../../../shared/households/household-file';
import { filterOf, paramsOf } from './households-list-query';

describe('filterOf', () => {
  it('reads every filter of a shared link', () => {
    const filter = filterOf(
      new URLSearchParams(
        'nodeId=12&category=not_eligible&status=active&cause=illness&standardLevel=city' +
          '&workStatus=laid_off&singleParent=true&zeroEmployment=true&stale=true' +
          '&neverAssisted=true&q=%20zjg%20&sort=per_capita_asc',
      ),
    );
    expect(filter).toEqual({
      nodeId: 12,
      category: 'not_eligible',
      status: 'active',
      cause: 'illness',
      standardLevel: 'city',
      workStatus: 'laid_off',
      singleParent: 'true',
      zeroEmployment: 'true',
      stale: 'true',
      neverAssisted: 'true',
      q: 'zjg',
      sort: 'per_capita_asc',
    });
    // What the list sends is what the server accepts.
    expect(householdQuerySchema.safeParse(filter).success).toBe(true);
  });

  it('drops values the server would refuse instead of failing the list', () => {
    const filter = filterOf(
      new URLSearchParams('nodeId=-3&category=rich&sort=random&stale=yes&singleParent=false&q='),
    );
    expect(filter).toEqual({});
  });

  it('cuts a pasted search to the 50 characters the server takes', () => {
    const filter = filterOf(new URLSearchParams({ q: '张'.repeat(80) }));
    expect(filter.q).toHaveLength(50);
  });
});

describe('paramsOf', () => {
  it('writes only the filters that are set, so a refresh reads the same filter back', () => {
    const filter = { nodeId: 7, category: 'deep', stale: 'true', q: undefined };
    const params = paramsOf(filter);
    expect(params.toString()).toBe('nodeId=7&category=deep&stale=true');
    expect(filterOf(params)).toEqual({ nodeId: 7, category: 'deep', stale: 'true' });
  });
});
