import { useCallback, useEffect, useRef, useState } from 'react';
import { Cascader } from 'antd';
import { api } from '../api/client';
import type { Region } from '../api/types';

/** 1 = province, 2 = city, 3 = county. */
export type RegionDepth = 1 | 2 | 3;

type Option = {
  value: string;
  label: string;
  isLeaf: boolean;
  loading?: boolean;
  children?: Option[];
};

/** The codes on the way to a region, province first: 320102 → 320000, 320100, 320102. */
export function regionPath(code: string): string[] {
  if (!/^\d{6}$/.test(code)) return [];
  const province = `${code.slice(0, 2)}0000`;
  if (code === province) return [province];
  const city = `${code.slice(0, 4)}00`;
  if (code === city) return [province, city];
  return [province, city, code];
}

/**
 * GB/T 2260 region picker, province → city → county, loaded level by level
 * from GET /api/regions. The value is the 6-digit code of the deepest choice.
 */
export function RegionCascader(props: {
  value?: string | null;
  onChange?: (code: string | null) => void;
  /** How deep the user may go. */
  depth?: RegionDepth;
  /** Must the choice reach `depth` (a county federation needs a county), or may it stop higher? */
  isExact?: boolean;
  placeholder?: string;
  id?: string;
}) {
  const { depth = 3, isExact = false } = props;
  // Regions under each code ('' = the provinces), as far as loaded.
  const [levels, setLevels] = useState<ReadonlyMap<string, Region[]>>(new Map());
  const [loading, setLoading] = useState<ReadonlySet<string>>(new Set());
  const levelsRef = useRef(levels);
  levelsRef.current = levels;

  const load = useCallback(async (parent: string) => {
    if (levelsRef.current.has(parent)) return;
    setLoading((s) => new Set(s).add(parent));
    try {
      const regions = await api.get<Region[]>('/api/regions', parent ? { parent } : undefined);
      setLevels((m) => new Map(m).set(parent, regions));
    } finally {
      setLoading((s) => {
        const next = new Set(s);
        next.delete(parent);
        return next;
      });
    }
  }, []);

  useEffect(() => {
    void load('');
  }, [load]);

  // A preset value (editing): open the levels on its path so the labels show.
  const path = props.value ? regionPath(props.value).slice(0, depth) : [];
  const pathKey = path.join(',');
  useEffect(() => {
    const codes = pathKey ? pathKey.split(',') : [];
    void (async () => {
      for (const code of codes.slice(0, -1)) await load(code);
    })();
  }, [pathKey, load]);

  const build = (parent: string, level: number): Option[] | undefined =>
    levels.get(parent)?.map((r) => {
      const isLeaf = level >= depth || r.level === 'county';
      return {
        value: r.code,
        label: r.name,
        isLeaf,
        loading: loading.has(r.code),
        ...(isLeaf ? {} : { children: build(r.code, level + 1) }),
      };
    });
  const options = build('', 1) ?? [];

  return (
    <Cascader<Option>
      id={props.id}
      options={options}
      value={path}
      changeOnSelect={!isExact}
      loadData={(selected) => {
        const last = selected.at(-1);
        if (last) void load(last.value);
      }}
      onChange={(value) => {
        const codes = (value ?? []) as string[];
        props.onChange?.(codes.at(-1) ?? null);
      }}
      displayRender={(labels) => labels.join(' / ')}
      placeholder={props.placeholder}
      allowClear
      showSearch={false}
      style={{ width: '100%' }}
    />
  );
}
