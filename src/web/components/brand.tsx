/** The product's emblem: a union-red seal with a roof sheltering a family line. */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <circle cx="32" cy="32" r="30" fill="#b3191f" stroke="#ffffff" strokeWidth="2" />
      <circle cx="32" cy="32" r="24" fill="none" stroke="#e3b559" strokeWidth="2.5" />
      <path
        d="M19 35 L32 23 L45 35"
        fill="none"
        stroke="#ffffff"
        strokeWidth="4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M24 34 V43 H40 V34" fill="none" stroke="#ffffff" strokeWidth="3.5" />
      <circle cx="32" cy="37.5" r="2.8" fill="#e3b559" />
    </svg>
  );
}
