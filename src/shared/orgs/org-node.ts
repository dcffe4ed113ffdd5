import { z } from 'zod';
import { isRegionCode } from '../regions/region-code';

/** Kinds of node in the union tree (工会组织树). */
export const orgNodeTypes = [
  'national', // 全国总工会
  'province', // 省级总工会
  'city', // 地市级总工会
  'county', // 县区级总工会
  'town', // 乡镇街道总工会
  'grassroots', // 基层工会 (enterprise or community union)
  'service_centre', // 帮扶中心 / 职工服务中心
  'service_station', // 服务站 / 服务点
] as const;
export type OrgNodeType = (typeof orgNodeTypes)[number];

/** Chinese labels, also accepted by the Excel importer. */
export const orgNodeTypeLabels = {
  national: '全国总工会',
  province: '省级总工会',
  city: '地市级总工会',
  county: '县区级总工会',
  town: '乡镇街道总工会',
  grassroots: '基层工会',
  service_centre: '帮扶中心',
  service_station: '服务站点',
} as const satisfies Record<OrgNodeType, string>;

/** Which node types may hang under which. Grassroots unions may hang under any level. */
export const allowedChildTypes = {
  national: ['province', 'grassroots', 'service_centre'],
  province: ['city', 'grassroots', 'service_centre'],
  city: ['county', 'town', 'grassroots', 'service_centre'],
  county: ['town', 'grassroots', 'service_centre', 'service_station'],
  town: ['grassroots', 'service_station'],
  grassroots: ['grassroots', 'service_station'],
  service_centre: ['service_station'],
  service_station: [],
} as const satisfies Record<OrgNodeType, readonly OrgNodeType[]>;

export function canHangUnder(parent: OrgNodeType, child: OrgNodeType): boolean {
  return (allowedChildTypes[parent] as readonly OrgNodeType[]).includes(child);
}

/** Federations above town level carry a GB/T 2260 region code. */
export function requiresRegionCode(type: OrgNodeType): boolean {
  return type === 'province' || type === 'city' || type === 'county';
}

export const orgCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, - or _, 2 to 40 characters');

export const regionCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '6 digits')
  .refine(isRegionCode, 'not a GB/T 2260 region code');

const orgNodeFields = {
  name: z.string().trim().min(2, 'at least 2 characters').max(100),
  code: orgCodeSchema,
  type: z.enum(orgNodeTypes),
  regionCode: regionCodeSchema.nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
};

export const createOrgNodeSchema = z
  .object({ ...orgNodeFields, parentId: z.number().int().positive() })
  .superRefine((v, ctx) => {
    if (requiresRegionCode(v.type) && !v.regionCode)
      ctx.addIssue({
        code: 'custom',
        path: ['regionCode'],
        message: 'required for this type of federation',
      });
  });
export type CreateOrgNodeInput = z.infer<typeof createOrgNodeSchema>;

export const updateOrgNodeSchema = z.object({
  name: orgNodeFields.name.optional(),
  regionCode: orgNodeFields.regionCode,
  address: orgNodeFields.address,
  phone: orgNodeFields.phone,
  version: z.number().int().nonnegative(),
});
export type UpdateOrgNodeInput = z.infer<typeof updateOrgNodeSchema>;

export const moveOrgNodeSchema = z.object({
  newParentId: z.number().int().positive(),
  version: z.number().int().nonnegative(),
});
export type MoveOrgNodeInput = z.infer<typeof moveOrgNodeSchema>;

export const orgNodeSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  code: z.string(),
  name: z.string(),
  type: z.enum(orgNodeTypes),
  regionCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  depth: z.number(),
  childCount: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export type OrgNode = z.infer<typeof orgNodeSchema>;
