import { z } from 'zod';
import { workflowConfigSchema, type WorkflowConfig } from '../cases/registration';

/**
 * A region's registration workflow on screen: which region's stored config
 * applies (the county's own, else its city's, else its province's, else the
 * national default) and how it is saved with an optimistic version.
 */

export const workflowConfigSources = ['own', 'city', 'province', 'national'] as const;
export type WorkflowConfigSource = (typeof workflowConfigSources)[number];

/** The region codes a region inherits from, most specific first: itself, its city, its province. */
export function inheritanceChain(
  regionCode: string,
): { code: string; source: WorkflowConfigSource }[] {
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  const chain: { code: string; source: WorkflowConfigSource }[] = [
    { code: regionCode, source: 'own' },
  ];
  if (city !== regionCode) chain.push({ code: city, source: 'city' });
  if (province !== regionCode && province !== city)
    chain.push({ code: province, source: 'province' });
  return chain;
}

/**
 * Which stored config applies to a region: the first of its chain that is
 * stored, else the national default (source 'national', no region).
 */
export function resolveWorkflowConfig(
  regionCode: string,
  stored: readonly { regionCode: string; config: WorkflowConfig }[],
  nationalDefault: WorkflowConfig,
): { config: WorkflowConfig; source: WorkflowConfigSource; sourceRegionCode: string | null } {
  for (const link of inheritanceChain(regionCode)) {
    const row = stored.find((s) => s.regionCode === link.code);
    if (row) return { config: row.config, source: link.source, sourceRegionCode: link.code };
  }
  return { config: nationalDefault, source: 'national', sourceRegionCode: null };
}

export const regionCodeParamsSchema = z.object({
  regionCode: z.string().regex(/^\d{6}$/, '6 digits'),
});

export const saveWorkflowConfigSchema = z.object({
  config: workflowConfigSchema,
  /** The version the editor saw; null to store a region's own config for the first time. */
  version: z.number().int().min(0).nullable(),
});
export type SaveWorkflowConfigInput = z.output<typeof saveWorkflowConfigSchema>;

export const deleteWorkflowConfigQuerySchema = z.object({
  version: z.coerce.number().int().min(0),
});

export type WorkflowConfigView = {
  regionCode: string;
  regionName: string | null;
  /** The config in force for the region. */
  config: WorkflowConfig;
  source: WorkflowConfigSource;
  /** The region whose stored config applies; null for the national default. */
  sourceRegionCode: string | null;
  sourceRegionName: string | null;
  /** The version of the region's own stored config; null when it inherits. */
  version: number | null;
  updatedAt: string | null;
  /** The caller may save or remove the region's own config. */
  canEdit: boolean;
};
