import { pinyin } from 'pinyin-pro';

/**
 * Pinyin keys of a Chinese name for search (拼音检索): the full syllables and
 * their initials, lower case, no tones or spaces, surnames read as surnames
 * (单 shan, 曾 zeng). 张三丰 → { full: 'zhangsanfeng', initials: 'zsf' }.
 * Latin letters and digits pass through.
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { full: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
